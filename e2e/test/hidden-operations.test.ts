import { signAccessToken, signServiceToken } from '@emporium/kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gatewayQuery, startTestPlatform } from './harness.ts';

let env: Awaited<ReturnType<typeof startTestPlatform>>;
beforeAll(async () => {
  env = await startTestPlatform();
});
afterAll(async () => {
  await env?.stop();
});

const RESERVE = `mutation { reserveStock(lines: [{ productId: "00000000-0000-4000-8000-000000000001", quantity: 1 }], reference: "r-1") { __typename } }`;
const hidden = [
  ['inventory', RESERVE],
  ['inventory', `{ reservation(reference: "r-1") { __typename } }`],
  ['pricing', `{ verifyQuote(token: "x") { __typename } }`],
  ['pricing', `mutation { redeemPromoCode(code: "X", reference: "r-1") { __typename } }`],
] as const;

describe('service-only operations', () => {
  it.each(hidden)('the gateway does not serve %s: %s, even to an admin', async (_subgraph, query) => {
    const admin = await signAccessToken(env.keys.access, { userId: '00000000-0000-4000-8000-0000000000aa', roles: ['admin'] });
    const res = await gatewayQuery(env.platform, query, {}, { authorization: `Bearer ${admin}` });
    expect(res.status).toBe(400);
    expect(res.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
  });

  it.each(hidden)('%s refuses it without a service token: %s', async (subgraph, query) => {
    const res = await fetch(env.platform.subgraphUrls[subgraph]!, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query }) });
    const body = (await res.json()) as { errors?: { extensions?: { code?: string } }[] };
    expect(body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  it('accepts it from another service with a service token', async () => {
    const res = await fetch(env.platform.subgraphUrls.inventory!, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-emporium-service': await signServiceToken(env.keys.service, 'order') },
      body: JSON.stringify({ query: RESERVE }),
    });
    const body = (await res.json()) as { data?: { reserveStock: { __typename: string } }; errors?: unknown[] };
    expect(body.errors).toBeUndefined();
    expect(['Reservation', 'InsufficientStock']).toContain(body.data?.reserveStock.__typename);
  });
});
