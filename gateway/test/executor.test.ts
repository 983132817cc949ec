/**
 * Our plan executor (src/executor/) against @apollo/gateway's, on subgraph answers that are wrong in every way a
 * subgraph can be wrong: both gateways run the same pipeline (createGateway) and differ only in `executor`, and must
 * answer byte for byte the same — data, nulls, errors, their order, paths, codes and `valueCompletion` extensions.
 */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fakeSubgraph, gatewayWith } from './fake-subgraphs.ts';

type Answer = unknown | { status: number; body: unknown };

/** What the fake product and pricing/inventory/deal subgraphs answer in the current case. */
const current: { products: Answer; pricing: Answer; inventory: Answer; deal: Answer } = { products: null, pricing: null, inventory: null, deal: null };

const node = (id: string) => ({ __typename: 'Product', id, title: `Product ${id}`, again: `Product ${id}` });
const page = (ids: (string | null)[]) => ({ data: { products: { totalCount: ids.length, edges: ids.map((id) => ({ node: id === null ? null : node(id) })) } } });
/** Entities answers built from the representations a fetch sends (`f` per representation). */
const perEntity = (f: (id: string, i: number) => unknown, errors?: (reps: { id: string }[]) => unknown[]) => ({ entities: f, errors });

let subgraphs: { app: FastifyInstance }[] = [];
let ours: FastifyInstance;
let apollo: FastifyInstance;

function respond(answer: Answer, body: unknown) {
  if (answer && typeof answer === 'object' && 'entities' in answer) {
    const { entities, errors } = answer as ReturnType<typeof perEntity>;
    const reps = (body as { variables: { representations: { id: string }[] } }).variables.representations;
    return { data: { _entities: reps.map((r, i) => entities(r.id, i)) }, ...(errors ? { errors: errors(reps) } : {}) };
  }
  return answer;
}

beforeAll(async () => {
  const make = (key: keyof typeof current) =>
    fakeSubgraph((req, reply) => {
      const answer = current[key];
      if (answer && typeof answer === 'object' && 'status' in answer) {
        const failure = answer as unknown as { status: number; body: unknown };
        return reply.code(failure.status).send(failure.body);
      }
      return respond(answer, req.body);
    });
  const [product, pricing, inventory, deal] = await Promise.all([make('products'), make('pricing'), make('inventory'), make('deal')]);
  subgraphs = [product, pricing, inventory, deal];
  const urls = { product: product.url, pricing: pricing.url, inventory: inventory.url, deal: deal.url };
  ours = await gatewayWith(urls, { publicSupergraphSdl: false });
  apollo = await gatewayWith(urls, { publicSupergraphSdl: false, executor: 'apollo' });
});
afterAll(async () => {
  await Promise.all([ours.close(), apollo.close(), ...subgraphs.map((s) => s.app.close())]);
});

async function both(query: string, variables: Record<string, unknown> = {}) {
  const ask = async (gw: FastifyInstance) => {
    const res = await gw.inject({ method: 'POST', url: '/graphql', headers: { 'content-type': 'application/json' }, payload: JSON.stringify({ query, variables }) });
    return { status: res.statusCode, body: res.body };
  };
  // Ours twice: the first request goes through Apollo Server, the repeat through the fast path (fast-path.ts).
  const first = await ask(ours);
  const repeat = await ask(ours);
  expect(repeat).toEqual(first);
  return { ours: repeat, apollo: await ask(apollo) };
}

const deep = `query Page($first: Int!) {
  products(first: $first) {
    totalCount
    edges { node { id title __typename kind: __typename
      price { current { amount currency } }
      availability { inStock stockLevel }
      ...Extra
    } }
  }
}
fragment Extra on Product { again: title price { current { currency } } }`;

const cases: { name: string; set: Partial<typeof current>; query?: string; variables?: Record<string, unknown> }[] = [
  {
    name: 'clean answers, duplicates in the page',
    set: {
      products: page(['a', 'b', 'a']),
      pricing: perEntity((id) => ({ price: { current: { amount: id === 'a' ? 100 : 250, currency: 'GBP' } } })),
      inventory: perEntity((id) => ({ availability: { inStock: id !== 'b', stockLevel: id === 'b' ? 'OUT_OF_STOCK' : 'IN_STOCK' } })),
    },
  },
  {
    name: 'entity errors with paths and codes, some repeated',
    set: {
      products: page(['a', 'c', 'a', 'c']),
      pricing: perEntity(
        (id) => (id === 'c' ? { price: null } : { price: { current: { amount: 1, currency: 'GBP' } } }),
        (reps) => reps.flatMap((r, i) => (r.id === 'c' ? [{ message: `no price for ${r.id}`, path: ['_entities', i, 'price'], extensions: { code: 'NOT_FOUND' } }] : [])),
      ),
      inventory: perEntity(() => ({ availability: null }), () => [{ message: 'inventory hiccup' }]),
    },
  },
  {
    name: 'null in a non-null field bubbles up to the nullable parent (no other errors: valueCompletion)',
    set: {
      products: page(['a', 'b']),
      pricing: perEntity((id) => ({ price: { current: { amount: id === 'a' ? null : 5, currency: 'GBP' } } })),
      inventory: perEntity(() => ({ availability: { inStock: true, stockLevel: 'IN_STOCK' } })),
    },
  },
  {
    name: 'invalid leaf values and an unknown enum value',
    set: {
      products: page(['a', 'b']),
      pricing: perEntity((id) => ({ price: { current: { amount: id === 'a' ? 'lots' : 1.5, currency: 7 } } })),
      inventory: perEntity(() => ({ availability: { inStock: 'yes', stockLevel: 'PLENTY' } })),
    },
  },
  {
    name: 'an unknown __typename and a non-null list element that is null',
    set: {
      products: page(['a', null, 'b']),
      pricing: perEntity((id) => ({ price: { __typename: id === 'a' ? 'Secret' : 'Price', current: { amount: 3, currency: 'GBP' } } })),
      inventory: perEntity(() => ({ availability: { inStock: true, stockLevel: 'LOW_STOCK' } })),
    },
  },
  {
    name: 'a subgraph answering 500, another answering the wrong number of entities',
    set: {
      products: page(['a', 'b']),
      pricing: { status: 500, body: { errors: [{ message: 'boom' }] } },
      inventory: { data: { _entities: [{ availability: { inStock: true, stockLevel: 'IN_STOCK' } }] } },
    },
  },
  {
    name: 'the root subgraph failing with a GraphQL error and no data',
    set: { products: { data: null, errors: [{ message: 'first must be at most 100.', path: ['products'], extensions: { code: 'BAD_USER_INPUT' } }] } },
  },
  {
    name: 'a bad variable (validated before anything is fetched)',
    set: { products: page(['a']) },
    variables: { first: 'many' },
  },
];

describe('our plan executor answers exactly what @apollo/gateway’s executor answers', () => {
  for (const c of cases) {
    it(c.name, async () => {
      Object.assign(current, { products: null, pricing: null, inventory: null, deal: null }, c.set);
      const { ours: a, apollo: b } = await both(c.query ?? deep, c.variables ?? { first: 4 });
      expect(a.status).toBe(b.status);
      expect(a.body).toBe(b.body);
      // Each case exercises what it is named after: the answers are not trivially empty.
      expect(JSON.parse(a.body)).toSatisfy((body: { data?: unknown; errors?: unknown[] }) => body.data !== undefined || (body.errors?.length ?? 0) > 0);
    });
  }

  it('shapes abstract results: union members by __typename, fragments on the union and on members', async () => {
    current.pricing = {
      data: { validatePromoCode: { __typename: 'PromoRejection', code: 'SPRING', message: 'Expired.', reason: 'EXPIRED' } },
    };
    const query = `query V($cart: PromoCartInput!) { validatePromoCode(cart: $cart, code: "SPRING") {
      __typename t: __typename
      ... on PromoRejection { code reason message }
      ... on PromoDiscount { code description discount { amount currency } }
    } }`;
    const variables = { cart: { currency: 'GBP', lines: [{ productId: 'a', quantity: 1 }] } };
    const first = await both(query, variables);
    expect(first.ours.body).toBe(first.apollo.body);
    current.pricing = { data: { validatePromoCode: { __typename: 'PromoDiscount', code: 'SPRING', description: '10% off', discount: { amount: 10, currency: 'GBP' } } } };
    const second = await both(query, variables);
    expect(second.ours.body).toBe(second.apollo.body);
    expect(JSON.parse(second.ours.body)).toMatchObject({ data: { validatePromoCode: { __typename: 'PromoDiscount', t: 'PromoDiscount' } } });
  });
});

describe('entity representations', () => {
  it('sends each entity’s inputs as @apollo/gateway collects them: matching fragments only, entities missing an input left out, duplicates once', async () => {
    const { executePlan } = await import('../src/executor/execute-plan.ts');
    const { graphqlCjs } = await import('../src/graphql-cjs.ts');
    const schema = graphqlCjs.buildSchema(`
      interface Item { id: ID! }
      type Book implements Item { id: ID! isbn: String tags: [String] }
      type Pen implements Item { id: ID! colour: String }
      type Query { items: [Item] }
    `);
    const items = [
      { __typename: 'Book', id: '1', isbn: '978', tags: ['a', 'b'] },
      { __typename: 'Pen', id: '2', colour: 'blue' },
      { __typename: 'Book', id: '3' }, // no isbn: not sent
      null,
      { __typename: 'Book', id: '1', isbn: '978', tags: ['a', 'b'] }, // the same book again: sent once
      { id: '4', isbn: '1' }, // no __typename: not sent
    ];
    const bodies: { variables: { representations: unknown[] } }[] = [];
    const requires = (fields: string[], typeCondition = 'Book') => [
      { kind: 'InlineFragment' as const, typeCondition, selections: fields.map((name) => ({ kind: 'Field' as const, name })) },
    ];
    const fetch = (selections: ReturnType<typeof requires>) => ({
      kind: 'Fetch' as const,
      serviceName: 'b',
      requires: selections,
      operation: 'query($representations:[_Any!]!){_entities(representations:$representations){...on Book{title}}}',
      operationName: undefined,
      operationKind: 'query' as never,
    });
    const plan = {
      kind: 'Sequence' as const,
      nodes: [
        { kind: 'Fetch' as const, serviceName: 'a', operation: '{items{__typename id ...on Book{isbn tags} ...on Pen{colour}}}', operationName: undefined, operationKind: 'query' as never },
        { kind: 'Flatten' as const, path: ['items', '@'], node: fetch(requires(['__typename', 'id', 'isbn', 'tags'])) },
        // Two fragments: an interface one and an object one both apply to a Book — collected through the general path.
        { kind: 'Flatten' as const, path: ['items', '@'], node: fetch([...requires(['__typename', 'id'], 'Item'), ...requires(['isbn'])]) },
      ],
    };
    const { data, errors } = await executePlan(schema, plan, {}, async (service, body) => {
      if (service === 'a') return { data: { items } };
      const parsed = JSON.parse(body) as { variables: { representations: unknown[] } };
      bodies.push(parsed);
      return { data: { _entities: parsed.variables.representations.map(() => ({ title: 'T' })) } };
    });
    expect(errors).toEqual([]);
    expect(bodies[0]!.variables.representations).toEqual([{ __typename: 'Book', id: '1', isbn: '978', tags: ['a', 'b'] }]);
    expect(bodies[1]!.variables.representations).toEqual([
      { __typename: 'Book', id: '1', isbn: '978' },
      { __typename: 'Pen', id: '2' },
      { __typename: 'Book', id: '3' },
    ]);
    // Key order as @apollo/gateway writes it (the selection's order), and every copy of the book got its answer.
    expect(JSON.stringify(bodies[0]!.variables.representations[0])).toBe('{"__typename":"Book","id":"1","isbn":"978","tags":["a","b"]}');
    expect((data.items as { title?: string }[] | undefined)?.map((i) => i?.title)).toEqual(['T', 'T', 'T', undefined, 'T', undefined]);
  });
});
