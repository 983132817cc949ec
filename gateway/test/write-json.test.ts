/**
 * write-json.ts writes a response's data as JSON straight from the fetched data. It must produce exactly
 * `JSON.stringify(shapeResponse(...).data)` whenever shaping reports nothing, and give up (null) whenever shaping
 * would report an error or bubble a null — then the gateway shapes the data the slow way.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '@emporium/kit';
import type { OperationDefinitionNode } from 'graphql';
import { describe, expect, it } from 'vitest';
import { OperationRunner } from '../src/executor/gateway.ts';
import { shapeResponse } from '../src/executor/shape.ts';
import { writeDataJson } from '../src/executor/write-json.ts';
import { graphqlCjs } from '../src/graphql-cjs.ts';

const runner = new OperationRunner(readFileSync(join(repoRoot, 'schema', 'supergraph.graphql'), 'utf8'));
const schema = runner.graphqlSchema();

function both(query: string, data: Record<string, unknown>) {
  const document = graphqlCjs.parse(query);
  const operation = document.definitions.find((d) => d.kind === 'OperationDefinition') as OperationDefinitionNode;
  const prepared = runner.prepare(schema, document as never, operation, '');
  if (!prepared.shape) throw new Error('not shapeable');
  // Each is given its own copy: neither may depend on what the other did to the data.
  const written = writeDataJson(schema, prepared.shape, structuredClone(data));
  try {
    return { shaped: shapeResponse(schema, prepared.shape, structuredClone(data)), written, thrown: null };
  } catch (err) {
    return { shaped: null, written, thrown: err as Error };
  }
}

const PAGE = `query { products(first: 3) {
  totalCount
  edges { node {
    id t: __typename title __typename
    ...Extra
    price { current { amount } }
    ... on Product { availability { inStock stockLevel } price { current { currency } } }
  } }
} }
fragment Extra on Product { again: title price { current { amount currency } } id }`;

const node = (id: string, extra: Record<string, unknown> = {}) => ({
  __typename: 'Product',
  id,
  title: `Product "${id}" — ünïcödé \u2028 \\ /`,
  again: `Product "${id}" — ünïcödé \u2028 \\ /`,
  price: { current: { amount: 1250, currency: 'GBP', unselected: true } },
  availability: { inStock: true, stockLevel: 'IN_STOCK' },
  representationOnly: 'not selected',
  ...extra,
});
const page = (nodes: unknown[]) => ({ products: { totalCount: nodes.length, edges: nodes.map((n) => ({ node: n })) } });

describe('writeDataJson', () => {
  const good: [string, string, Record<string, unknown>][] = [
    ['fragments, duplicate fields merged in first-occurrence order, aliases of __typename, escaping', PAGE, page([node('a'), node('b')])],
    ['nullable objects and lists that are null or missing', PAGE, page([node('a', { price: null, availability: undefined })])],
    ['an empty page', PAGE, page([])],
    [
      'union members chosen by __typename, fragments on the union and on members',
      `{ validatePromoCode(cart: { currency: "GBP", lines: [] }, code: "X") { __typename t: __typename
        ... on PromoRejection { code reason message } ... on PromoDiscount { code description discount { amount currency } } } }`,
      { validatePromoCode: { __typename: 'PromoDiscount', code: 'X', description: '10% off', discount: { amount: 10, currency: 'GBP' }, reason: 'ignored' } },
    ],
    [
      'the other union member',
      `{ validatePromoCode(cart: { currency: "GBP", lines: [] }, code: "X") { ... on PromoRejection { code reason message } __typename } }`,
      { validatePromoCode: { __typename: 'PromoRejection', code: 'X', reason: 'EXPIRED', message: 'Expired.' } },
    ],
  ];
  for (const [name, query, data] of good) {
    it(`writes exactly what shaping and JSON.stringify give: ${name}`, () => {
      const { shaped, written } = both(query, data);
      expect(shaped?.errors).toEqual([]);
      expect(written).not.toBeNull();
      expect(written).toBe(JSON.stringify(shaped!.data));
    });
  }

  const bad: [string, string, Record<string, unknown>][] = [
    ['a null in a non-null field (bubbles to the nullable parent)', PAGE, page([node('a', { id: null })])],
    ['an invalid leaf value (a number for a String)', PAGE, page([node('a', { price: { current: { amount: 1, currency: 7 } } })])],
    ['an unknown enum value', PAGE, page([node('a', { availability: { inStock: true, stockLevel: 'PLENTY' } })])],
    ['an unknown __typename', PAGE, page([node('a', { __typename: 'Secret' })])],
    ['a non-list where a list belongs', PAGE, { products: { totalCount: 1, edges: { node: node('a') } } }],
  ];
  for (const [name, query, data] of bad) {
    it(`leaves the data to shapeResponse on ${name}`, () => {
      const { shaped, written, thrown } = both(query, data);
      expect(written).toBeNull();
      // Shaping has something to say that the writer could not: an error (reported or thrown), or a null that bubbled.
      expect(thrown !== null || shaped!.errors.length > 0 || JSON.stringify(shaped!.data).includes('null')).toBe(true);
    });
  }
});
