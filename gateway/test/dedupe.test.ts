import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ApolloGateway, RemoteGraphQLDataSource } from '@apollo/gateway';
import { ApolloServer } from '@apollo/server';
import { repoRoot } from '@emporium/kit';
import { afterEach, describe, expect, it } from 'vitest';
import { dedupeRepresentations, fanOutEntities } from '../src/dedupe.ts';
import { fakeSubgraph, gatewayWith, post } from './fake-subgraphs.ts';

const p = (id: string) => ({ __typename: 'Product', id });

describe('dedupeRepresentations', () => {
  it('keeps the first of each distinct representation and maps every original position to it', () => {
    expect(dedupeRepresentations([p('a'), p('b'), p('a'), p('c'), p('b'), p('a')])).toEqual({
      unique: [p('a'), p('b'), p('c')],
      indexOf: [0, 1, 0, 2, 1, 0],
    });
  });

  it('returns null when there is nothing to remove', () => {
    expect(dedupeRepresentations([])).toBeNull();
    expect(dedupeRepresentations([p('a')])).toBeNull();
    expect(dedupeRepresentations([p('a'), p('b')])).toBeNull();
  });

  it('tells apart representations that differ in any field, including the type name', () => {
    const r = dedupeRepresentations([p('a'), { __typename: 'Deal', id: 'a' }, { __typename: 'Product', id: 'a', sku: 'x' }, p('a')]);
    expect(r?.unique).toHaveLength(3);
    expect(r?.indexOf).toEqual([0, 1, 2, 0]);
  });
});

describe('fanOutEntities', () => {
  const dedupe = dedupeRepresentations([p('a'), p('b'), p('a'), p('c'), p('a')])!;

  it('gives every original position its answer, nulls included, in the original order', () => {
    const out = fanOutEntities({ data: { _entities: [{ title: 'A' }, null, { title: 'C' }] } }, dedupe);
    expect(out.data?._entities).toEqual([{ title: 'A' }, null, { title: 'A' }, { title: 'C' }, { title: 'A' }]);
  });

  it('gives duplicates their own copies (the gateway merges into each entity separately)', () => {
    const out = fanOutEntities({ data: { _entities: [{ price: { amount: 1 } }, { price: null }, null] } }, dedupe);
    const entities = out.data?._entities as { price: { amount: number } }[];
    expect(entities[2]).toEqual(entities[0]);
    expect(entities[2]).not.toBe(entities[0]);
    expect(entities[2]!.price).not.toBe(entities[0]!.price);
  });

  it('repeats a per-entity error for every duplicate with its path rewritten, sorted by position', () => {
    const out = fanOutEntities(
      {
        data: { _entities: [{ price: null }, { price: { amount: 2 } }, { price: null }] },
        errors: [
          { message: 'before', path: ['somethingElse'] },
          { message: 'no price for c', path: ['_entities', 2, 'price'], extensions: { code: 'NOT_FOUND' } },
          { message: 'no price for a', path: ['_entities', 0, 'price'] },
          { message: 'no path' },
        ],
      },
      dedupe,
    );
    expect(out.errors).toEqual([
      { message: 'before', path: ['somethingElse'] },
      { message: 'no price for a', path: ['_entities', 0, 'price'] },
      { message: 'no price for a', path: ['_entities', 2, 'price'] },
      { message: 'no price for c', path: ['_entities', 3, 'price'], extensions: { code: 'NOT_FOUND' } },
      { message: 'no price for a', path: ['_entities', 4, 'price'] },
      { message: 'no path' },
    ]);
  });

  it('leaves an answer of the wrong shape alone, so the gateway reports it as it would without de-duplication', () => {
    const short = { data: { _entities: [{ title: 'A' }] } };
    expect(fanOutEntities(short, dedupe)).toBe(short);
    const none = { data: null, errors: [{ message: 'boom' }] };
    expect(fanOutEntities(none, dedupe)).toBe(none);
  });
});

describe('entity fetches through the gateway', () => {
  const cleanups: (() => Promise<unknown>)[] = [];
  afterEach(async () => {
    for (const c of cleanups.splice(0)) await c();
  });

  /** A page in which product a appears three times and c (which has no price) twice. */
  const ids = ['a', 'b', 'a', 'c', 'a', 'c'];
  async function subgraphs() {
    const product = await fakeSubgraph(() => ({ data: { products: { edges: ids.map((id) => ({ node: { __typename: 'Product', id } })) } } }));
    const sent: number[] = [];
    const pricing = await fakeSubgraph((req) => {
      const reps = (req.body as { variables: { representations: { id: string }[] } }).variables.representations;
      sent.push(reps.length);
      const errors: { message: string; path: (string | number)[]; extensions: { code: string } }[] = [];
      const entities = reps.map((r, i) => {
        if (r.id !== 'c') return { price: { current: { amount: r.id === 'a' ? 100 : 200, currency: 'GBP' } } };
        errors.push({ message: `Product ${r.id} has no price in GBP.`, path: ['_entities', i, 'price'], extensions: { code: 'BAD_USER_INPUT' } });
        return { price: null };
      });
      return { data: { _entities: entities }, ...(errors.length ? { errors } : {}) };
    });
    cleanups.push(() => product.app.close(), () => pricing.app.close());
    return { urls: { product: product.url, pricing: pricing.url }, sent };
  }
  const query = '{ products(first: 6) { edges { node { id price { current { amount currency } } } } } }';

  it('asks the subgraph for each entity once and answers exactly what stock @apollo/gateway answers', async () => {
    const ours = await subgraphs();
    const gw = await gatewayWith(ours.urls, { publicSupergraphSdl: false });
    cleanups.push(() => gw.close());
    const res = await post(gw, { query });
    expect(ours.sent).toEqual([3]);

    const stock = await subgraphs();
    const gateway = new ApolloGateway({
      supergraphSdl: readFileSync(join(repoRoot, 'schema', 'supergraph.graphql'), 'utf8'),
      buildService: ({ name, url }) => new RemoteGraphQLDataSource({ url: (stock.urls as Record<string, string>)[name] ?? url }),
    });
    const server = new ApolloServer({ gateway });
    await server.start();
    cleanups.push(() => server.stop());
    const reference = await server.executeOperation({ query });
    expect(stock.sent).toEqual([6]);
    if (reference.body.kind !== 'single') throw new Error('expected a single result');
    const expected = reference.body.singleResult;

    expect(JSON.stringify(res.body.data)).toBe(JSON.stringify(expected.data));
    const shape = (errors: readonly { message: string; path?: readonly (string | number)[] }[] | undefined) => errors?.map((e) => ({ message: e.message, path: e.path }));
    expect(shape(res.body.errors as never)).toEqual(shape(expected.errors));
    expect(shape(res.body.errors as never)).toEqual([
      { message: 'Product c has no price in GBP.', path: ['products', 'edges', 3, 'node', 'price'] },
      { message: 'Product c has no price in GBP.', path: ['products', 'edges', 5, 'node', 'price'] },
    ]);
  });
});
