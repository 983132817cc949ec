import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '@emporium/kit';
import { Kind, parse } from 'graphql';
import { describe, expect, it } from 'vitest';
import { guardPublicContract } from '../../scripts/public-contract-guard.ts';
import { operationCost } from '../src/cost.ts';
import { graphqlCjs } from '../src/graphql-cjs.ts';
import { defaultPartnerLimits } from '../src/public-endpoint.ts';
import { OperationSafelist } from '../src/safelist.ts';

const baseline = /* GraphQL */ `
  type Query { product(sku: String!): Product }
  type Product { id: ID! sku: String! title: String! gtin: String }
`;
const withoutGtin = baseline.replace('gtin: String', '');
const renamedArg = baseline.replace('product(sku: String!)', 'product(code: String!)');
const added = baseline.replace('gtin: String', 'gtin: String\n brand: String');
const ops = [{ name: 'ProductBySku.graphql', query: 'query ProductBySku($sku: String!) { product(sku: $sku) { id sku title } }' }];

describe('the public contract guard', () => {
  it('fails on a breaking change nobody acknowledged', async () => {
    const result = await guardPublicContract({ baselineSdl: baseline, currentSdl: withoutGtin, acknowledged: [], operations: ops });
    expect(result.ok).toBe(false);
    expect(result.unacknowledged.map((c) => `${c.type} ${c.path}`)).toEqual(['FIELD_REMOVED Product.gtin']);
  });

  it('passes an acknowledged breaking change that no registered operation uses', async () => {
    const result = await guardPublicContract({
      baselineSdl: baseline,
      currentSdl: withoutGtin,
      acknowledged: [{ change: 'FIELD_REMOVED Product.gtin', reason: 'never filled; partners told on 2026-11-01' }],
      operations: ops,
    });
    expect(result.ok).toBe(true);
    expect(result.acknowledgedBreaking).toHaveLength(1);
  });

  it('fails when a registered partner operation no longer validates, acknowledged or not', async () => {
    const result = await guardPublicContract({
      baselineSdl: baseline,
      currentSdl: renamedArg,
      acknowledged: [
        { change: 'FIELD_ARGUMENT_REMOVED Query.product.sku', reason: 'renamed' },
        { change: 'FIELD_ARGUMENT_ADDED Query.product.code', reason: 'renamed' },
      ],
      operations: ops,
    });
    expect(result.unacknowledged).toEqual([]);
    expect(result.ok).toBe(false);
    expect(result.invalidOperations[0]?.name).toBe('ProductBySku.graphql');
    expect(result.invalidOperations[0]?.errors.join(' ')).toMatch(/sku/);
  });

  it('lets additions through (they only move the baseline)', async () => {
    const result = await guardPublicContract({ baselineSdl: baseline, currentSdl: added, acknowledged: [], operations: ops });
    expect(result.ok).toBe(true);
    expect(result.changes.map((c) => c.type)).toEqual(['FIELD_ADDED']);
  });

  it('holds for the committed contract: baseline current, every registered operation valid and within the partner cost limit', async () => {
    const read = (rel: string) => readFileSync(join(repoRoot, rel), 'utf8');
    const safelist = OperationSafelist.fromDirectory(join(repoRoot, 'schema', 'partner-operations'));
    expect(safelist.size).toBeGreaterThanOrEqual(5);
    const operations = ['ProductBySku', 'SearchProducts', 'CatalogPage', 'LiveDeals', 'Categories'].map((n) => ({ name: n, query: read(`schema/partner-operations/${n}.graphql`) }));
    const result = await guardPublicContract({ baselineSdl: read('schema/public.baseline.graphql'), currentSdl: read('schema/public.graphql'), acknowledged: [], operations });
    expect(result.invalidOperations).toEqual([]);
    expect(result.unacknowledged).toEqual([]);
    const schema = graphqlCjs.buildSchema(read('schema/public.graphql'));
    for (const { query } of operations) {
      const doc = parse(query);
      const op = doc.definitions.find((d) => d.kind === Kind.OPERATION_DEFINITION)!;
      expect(operationCost(schema, doc, op, {})).toBeLessThanOrEqual(defaultPartnerLimits.maxCost);
    }
  });
});
