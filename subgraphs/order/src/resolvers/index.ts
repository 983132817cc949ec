import { badInput, isUuid, notFound } from '@emporium/kit';
import type { Resolvers } from '../__generated__/resolvers-types.ts';
import type { Context } from '../context.ts';
import { addLine, insertCart } from '../db/queries.ts';
import { MAX_LINE_QUANTITY } from '../db/schema.ts';
import type { CartModel } from '../models.ts';
import { cartOwner, ownsCart } from '../ownership.ts';

/** The cart with this id if the caller owns it, else null (a foreign cart looks exactly like a missing one). */
async function ownedCart(ctx: Context, id: string): Promise<CartModel | null> {
  if (!isUuid(id)) return null;
  const cart = await ctx.loaders.cartById.load(id.toLowerCase());
  return cart && ownsCart(ctx.identity, cart) ? cart : null;
}

/** Resolvers of the order subgraph. */
export const resolvers: Resolvers = {
  Query: {
    cart(_root, args, ctx) {
      if (!isUuid(args.id)) throw badInput('id must be a UUID.', 'id');
      return ownedCart(ctx, args.id);
    },
  },
  Mutation: {
    createCart: (_root, _args, ctx) => insertCart(ctx.rt.db.db, cartOwner(ctx.identity), ctx.rt.clock.now()),
    async addCartLine(_root, args, ctx) {
      if (!isUuid(args.cartId)) throw badInput('cartId must be a UUID.', 'cartId');
      if (!isUuid(args.productId)) throw badInput('productId must be a UUID.', 'productId');
      const quantity = args.quantity ?? 1;
      if (!Number.isInteger(quantity) || quantity < 1 || quantity > MAX_LINE_QUANTITY) {
        throw badInput(`quantity must be between 1 and ${MAX_LINE_QUANTITY}.`, 'quantity');
      }
      cartOwner(ctx.identity); // anonymous callers without a session own no cart
      if (!(await ownedCart(ctx, args.cartId))) throw notFound('Cart not found.');
      const input = { cartId: args.cartId.toLowerCase(), productId: args.productId.toLowerCase(), quantity };
      const cart = await addLine(ctx.rt.db.db, input, ctx.rt.clock.now());
      if (cart === 'limit') {
        throw badInput(`A cart line holds at most ${MAX_LINE_QUANTITY} units of a product.`, 'quantity');
      }
      ctx.loaders.cartLines.clear(cart.id);
      ctx.loaders.cartById.clear(cart.id).prime(cart.id, cart);
      return cart;
    },
  },
  Cart: {
    __resolveReference: (ref, ctx) => ownedCart(ctx, ref.id),
    lines: (cart, _args, ctx) => ctx.loaders.cartLines.load(cart.id),
    itemCount: async (cart, _args, ctx) => (await ctx.loaders.cartLines.load(cart.id)).reduce((n, l) => n + l.quantity, 0),
  },
  CartLine: {
    product: (line) => ({ __typename: 'Product', id: line.productId }),
  },
};
