import { createLogger, signAccessToken, subgraphRegistry } from '@emporium/kit';
import { createTestKeys, gql, openTestRuntime } from '@emporium/kit/testing';
import { buildUserSubgraph, createAdmin } from '@emporium/subgraph-user';
import { migrationsFolder, schema, type UserRuntime } from '@emporium/subgraph-user/runtime';
import type { FastifyInstance } from 'fastify';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '@emporium/kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createGateway } from '../src/server.ts';
import { closedUrl, fakeSubgraph, postPublic } from './fake-subgraphs.ts';

const keys = createTestKeys();
let rt: UserRuntime;
let user: Awaited<ReturnType<typeof buildUserSubgraph>>;
let product: Awaited<ReturnType<typeof fakeSubgraph>>;
let gateway: FastifyInstance;
let admin: Record<string, string>;
let lookups = 0;
let now = Date.UTC(2026, 10, 21, 12);

beforeAll(async () => {
  rt = await openTestRuntime({ name: 'user', schema, migrationsFolder, keys });
  user = await buildUserSubgraph(rt);
  user.app.addHook('onRequest', async (req) => {
    if (req.url === '/graphql' && req.headers['x-emporium-service']) lookups++; // the gateway's lookups, not the admin's calls
  });
  await user.app.listen({ host: '127.0.0.1', port: 0 });
  product = await fakeSubgraph(() => ({ data: { products: { totalCount: 7 } } }));
  const closed = await closedUrl();
  const urls = Object.fromEntries(subgraphRegistry().map(({ name }) => [name, closed]));
  urls.user = `http://127.0.0.1:${(user.app.server.address() as { port: number }).port}/graphql`;
  urls.product = product.url;
  gateway = await createGateway({
    supergraphSdl: readFileSync(join(repoRoot, 'schema', 'supergraph.graphql'), 'utf8'),
    subgraphUrls: urls,
    keys,
    logger: createLogger('gateway', 'silent'),
    now: () => now,
  });
  const created = await createAdmin(rt, { email: 'keys-admin@example.com', password: 'correct horse battery staple' });
  if (created.kind === 'refused') throw new Error(created.message);
  admin = { authorization: `Bearer ${await signAccessToken(keys.access, { userId: created.user.id, roles: ['admin'] })}` };
});
afterAll(async () => {
  await gateway?.close();
  await product?.app.close();
  await user?.stop();
  await rt?.close();
});

const ISSUE = `mutation($input: IssueApiKeyInput!) { issueApiKey(input: $input) { key apiKey { id } } }`;
const REVOKE = `mutation($id: ID!) { revokeApiKey(id: $id) { id status } }`;
const QUERY = { query: '{ products(first: 1) { totalCount } }' };

describe('partner API keys issued by the real user subgraph', () => {
  it('work at once, cost one lookup per cache period, and stop working within the cache TTL (30 s) of revocation', async () => {
    const issued = await gql<{ issueApiKey: { key: string; apiKey: { id: string } } }>(user.app, ISSUE, { input: { name: 'Acme', scopes: ['CATALOG_READ'] } }, admin);
    expect(issued.errors).toBeUndefined();
    const { key, apiKey } = issued.data!.issueApiKey;

    lookups = 0;
    const first = await postPublic(gateway, QUERY, key);
    expect(first.status).toBe(200);
    expect(first.body.data).toEqual({ products: { totalCount: 7 } });
    for (let i = 0; i < 3; i++) expect((await postPublic(gateway, QUERY, key)).status).toBe(200);
    expect(lookups).toBe(1);

    const revoked = await gql<{ revokeApiKey: { status: string } }>(user.app, REVOKE, { id: apiKey.id }, admin);
    expect(revoked.data?.revokeApiKey.status).toBe('REVOKED');
    now += 10_000; // still inside the documented bound: the cached verdict stands
    expect((await postPublic(gateway, QUERY, key)).status).toBe(200);
    now += 21_000; // 31 s after the lookup: the gateway asks again and learns of the revocation
    const after = await postPublic(gateway, QUERY, key);
    expect(after.status).toBe(401);
    expect(after.body.errors?.[0]).toMatchObject({ message: 'This API key has been revoked.', extensions: { code: 'UNAUTHENTICATED' } });
    expect(lookups).toBe(2);
  });

  it('answer 503 SERVICE_UNAVAILABLE (not 401) when the user subgraph cannot be asked and the key is not cached', async () => {
    const issued = await gql<{ issueApiKey: { key: string } }>(user.app, ISSUE, { input: { name: 'Beta', scopes: ['CATALOG_READ'] } }, admin);
    const key = issued.data!.issueApiKey.key;
    await user.app.close();
    const res = await postPublic(gateway, QUERY, key);
    expect(res.status).toBe(503);
    expect(res.body.errors?.[0]?.extensions?.code).toBe('SERVICE_UNAVAILABLE');
  });
});
