import Link from 'next/link';
import { shopperCart } from '@/lib/cart';
import { itemsLabel } from '@/lib/format';
import { queryGateway } from '@/lib/gateway';
import { CartCountDocument } from '@/lib/queries';

function CartAnchor({ count }: { count: number | null }) {
  return (
    <Link href="/cart" className="cart-link" data-testid="header-cart">
      Cart
      {count !== null && (
        <>
          {' '}
          <span className="cart-link__count" aria-hidden="true">
            {count}
          </span>
          <span className="visually-hidden">, {itemsLabel(count)}</span>
        </>
      )}
    </Link>
  );
}

/** While the count loads (or when it cannot be loaded): the link without a number. */
export function CartLinkFallback() {
  return <CartAnchor count={null} />;
}

/**
 * The header's cart link with the number of units in the shopper's cart. Asks the gateway only when the shopper
 * has a cart cookie; a cart that is gone or not theirs counts as empty.
 */
export async function CartLink() {
  const { cartId } = await shopperCart();
  if (!cartId) return <CartAnchor count={0} />;
  const { data } = await queryGateway(CartCountDocument, { id: cartId });
  if (!data) return <CartAnchor count={null} />;
  return <CartAnchor count={data.cart?.itemCount ?? 0} />;
}
