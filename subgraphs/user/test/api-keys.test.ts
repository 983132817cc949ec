import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { apiKeys, users } from '../src/db/schema.ts';
import { bearer, serviceHeaders, setup, signUp, userHeaders, type Env } from './helpers.ts';

let env: Env;
let admin: Record<string, string>;
let partnerId: string;
beforeAll(async () => {
  env = await setup();
  const adminUp = await signUp(env, { email: 'admin@example.com' });
  await env.rt.db.db.update(users).set({ roles: ['admin', 'customer'] }).where(eq(users.id, adminUp.user!.id));
  admin = await userHeaders(env.keys, { id: adminUp.user!.id, roles: ['admin', 'customer'] });
  partnerId = (await signUp(env, { email: 'partner@example.com', displayName: 'Partner Ltd' })).user!.id;
});
afterAll(async () => {
  await env?.close();
});

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');
const ISSUE = `mutation($input: IssueApiKeyInput!) { issueApiKey(input: $input) { key apiKey { id name prefix scopes status owner { id displayName email } createdBy { id } expiresAt revokedAt } } }`;
const REVOKE = `mutation($id: ID!) { revokeApiKey(id: $id) { id status revokedAt } }`;
const LIST = `query($first: Int, $after: String, $all: Boolean) { apiKeys(first: $first, after: $after, includeRevoked: $all) { totalCount edges { node { id name status } } pageInfo { hasNextPage endCursor } } }`;
const LOOKUP = `query($h: String!) { apiKeyByHash(hash: $h) { id name scopes status owner { id } expiresAt lastUsedAt } }`;
type Issued = { issueApiKey: { key: string; apiKey: { id: string; name: string; prefix: string; scopes: string[]; status: string; owner: { id: string } | null } } };

describe('partner API keys', () => {
  let issued: Issued['issueApiKey'];

  it('are issued by admins only; the key is shown once and only its SHA-256 is stored', async () => {
    const input = { name: 'Acme feed', scopes: ['PRICES_READ', 'CATALOG_READ', 'PRICES_READ'], ownerId: partnerId };
    expect((await env.q(ISSUE, { input })).errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    expect((await env.q(ISSUE, { input }, await userHeaders(env.keys, { id: partnerId }))).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const res = await env.q<Issued>(ISSUE, { input }, admin);
    expect(res.errors).toBeUndefined();
    issued = res.data!.issueApiKey;
    expect(issued.key).toMatch(/^emp_[0-9a-f]{8}_[A-Za-z0-9_-]{43}$/);
    expect(issued.apiKey).toMatchObject({ name: 'Acme feed', prefix: issued.key.slice(0, 12), scopes: ['CATALOG_READ', 'PRICES_READ'], status: 'ACTIVE', owner: { id: partnerId } });
    const rows = await env.rt.db.db.select().from(apiKeys);
    expect(rows).toHaveLength(1);
    expect(rows[0]!.keyHash).toBe(sha256(issued.key));
    expect(JSON.stringify(rows)).not.toContain(issued.key.slice(13));
  });

  it('validate their input', async () => {
    for (const [input, field] of [
      [{ name: ' ', scopes: ['CATALOG_READ'] }, 'input.name'],
      [{ name: 'x', scopes: [] }, 'input.scopes'],
      [{ name: 'x', scopes: ['CATALOG_READ'], ownerId: '00000000-0000-4000-8000-000000000000' }, 'input.ownerId'],
      [{ name: 'x', scopes: ['CATALOG_READ'], expiresAt: '2020-01-01T00:00:00Z' }, 'input.expiresAt'],
    ] as const) {
      expect((await env.q(ISSUE, { input }, admin)).errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field });
    }
    expect((await env.q(ISSUE, { input: { name: 'x', scopes: ['EVERYTHING'] } }, admin)).errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED'); // not an ApiKeyScope
  });

  it('are found by hash through a service-only lookup that records use at most once a minute', async () => {
    const h = sha256(issued.key);
    expect((await env.q(LOOKUP, { h }, admin)).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const svc = await serviceHeaders(env.keys, 'partner-gateway');
    const first = await env.q<{ apiKeyByHash: { id: string; scopes: string[]; status: string; owner: { id: string }; lastUsedAt: string } }>(LOOKUP, { h: h.toUpperCase() }, svc);
    expect(first.errors).toBeUndefined();
    expect(first.data?.apiKeyByHash).toMatchObject({ id: issued.apiKey.id, scopes: ['CATALOG_READ', 'PRICES_READ'], status: 'ACTIVE', owner: { id: partnerId }, lastUsedAt: env.rt.clock.now().toISOString() });
    const t0 = env.rt.clock.now().toISOString();
    env.rt.clock.advance(30_000);
    env.rt.db.stats.reset();
    const soon = await env.q<{ apiKeyByHash: { lastUsedAt: string } }>(LOOKUP, { h }, svc);
    expect(soon.data?.apiKeyByHash.lastUsedAt).toBe(t0);
    expect(env.rt.db.stats.statements).toBe(2); // the key and its owner; no write
    env.rt.clock.advance(30_000);
    const later = await env.q<{ apiKeyByHash: { lastUsedAt: string } }>(LOOKUP, { h }, svc);
    expect(later.data?.apiKeyByHash.lastUsedAt).toBe(env.rt.clock.now().toISOString());
    expect((await env.q<{ apiKeyByHash: null }>(LOOKUP, { h: sha256('emp_unknown') }, svc)).data?.apiKeyByHash).toBeNull();
    expect((await env.q(LOOKUP, { h: 'xyz' }, svc)).errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'hash' });
  });

  it('are listed newest first for admins, revoked ones only on request, with cursors', async () => {
    env.rt.clock.advance(1_000);
    const second = (await env.q<Issued>(ISSUE, { input: { name: 'Beta app', scopes: ['DEALS_READ'] } }, admin)).data!.issueApiKey;
    env.rt.clock.advance(1_000);
    await env.q<Issued>(ISSUE, { input: { name: 'Gamma', scopes: ['ORDERS_READ'], expiresAt: new Date(env.rt.clock.now().getTime() + 3_600_000).toISOString() } }, admin);
    const page = await env.q<{ apiKeys: { totalCount: number; edges: { node: { name: string } }[]; pageInfo: { hasNextPage: boolean; endCursor: string } } }>(LIST, { first: 2 }, admin);
    expect(page.data?.apiKeys.totalCount).toBe(3);
    expect(page.data?.apiKeys.edges.map((e) => e.node.name)).toEqual(['Gamma', 'Beta app']);
    const rest = await env.q<{ apiKeys: { edges: { node: { name: string } }[]; pageInfo: { hasNextPage: boolean } } }>(LIST, { first: 2, after: page.data!.apiKeys.pageInfo.endCursor }, admin);
    expect(rest.data?.apiKeys.edges.map((e) => e.node.name)).toEqual(['Acme feed']);
    expect(rest.data?.apiKeys.pageInfo.hasNextPage).toBe(false);
    expect((await env.q(LIST, {}, bearer('not-a-token'))).status).toBe(401);
    expect((await env.q(LIST, {}, await userHeaders(env.keys, { id: partnerId }))).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');

    const revoked = await env.q<{ revokeApiKey: { status: string; revokedAt: string } }>(REVOKE, { id: second.apiKey.id }, admin);
    expect(revoked.data?.revokeApiKey).toMatchObject({ status: 'REVOKED', revokedAt: env.rt.clock.now().toISOString() });
    env.rt.clock.advance(1_000);
    const again = await env.q<{ revokeApiKey: { revokedAt: string } }>(REVOKE, { id: second.apiKey.id }, admin);
    expect(again.data?.revokeApiKey.revokedAt).toBe(revoked.data?.revokeApiKey.revokedAt); // idempotent
    expect((await env.q(REVOKE, { id: '00000000-0000-4000-8000-000000000000' }, admin)).errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    const active = await env.q<{ apiKeys: { totalCount: number; edges: { node: { name: string } }[] } }>(LIST, {}, admin);
    expect(active.data?.apiKeys.edges.map((e) => e.node.name)).toEqual(['Gamma', 'Acme feed']);
    const all = await env.q<{ apiKeys: { totalCount: number; edges: { node: { name: string; status: string } }[] } }>(LIST, { all: true }, admin);
    expect(all.data?.apiKeys.edges.map((e) => [e.node.name, e.node.status])).toEqual([['Gamma', 'ACTIVE'], ['Beta app', 'REVOKED'], ['Acme feed', 'ACTIVE']]);
    // The lookup reports revoked and expired keys as such (the gateway refuses them).
    const svc = await serviceHeaders(env.keys, 'partner-gateway');
    expect((await env.q<{ apiKeyByHash: { status: string } }>(LOOKUP, { h: sha256(second.key) }, svc)).data?.apiKeyByHash.status).toBe('REVOKED');
    env.rt.clock.advance(3_600_000);
    expect((await env.q<{ apiKeys: { edges: { node: { status: string } }[] } }>(LIST, { first: 1 }, admin)).data?.apiKeys.edges[0]?.node.status).toBe('EXPIRED');
  });
});

describe('registered-operations-only keys', () => {
  it('carry the flag the partner gateway enforces (default off)', async () => {
    const ISSUE_FLAG = `mutation($input: IssueApiKeyInput!) { issueApiKey(input: $input) { key apiKey { id registeredOperationsOnly } } }`;
    const LOOKUP_FLAG = `query($h: String!) { apiKeyByHash(hash: $h) { id registeredOperationsOnly } }`;
    const svc = await serviceHeaders(env.keys, 'partner-gateway');
    const strict = (await env.q<{ issueApiKey: { key: string; apiKey: { registeredOperationsOnly: boolean } } }>(ISSUE_FLAG, { input: { name: 'Strict', scopes: ['CATALOG_READ'], registeredOperationsOnly: true } }, admin)).data!.issueApiKey;
    expect(strict.apiKey.registeredOperationsOnly).toBe(true);
    const open = (await env.q<{ issueApiKey: { key: string; apiKey: { registeredOperationsOnly: boolean } } }>(ISSUE_FLAG, { input: { name: 'Open', scopes: ['CATALOG_READ'] } }, admin)).data!.issueApiKey;
    expect(open.apiKey.registeredOperationsOnly).toBe(false);
    const looked = await env.q<{ apiKeyByHash: { registeredOperationsOnly: boolean } }>(LOOKUP_FLAG, { h: sha256(strict.key) }, svc);
    expect(looked.data?.apiKeyByHash.registeredOperationsOnly).toBe(true);
  });
});

describe('roles', () => {
  it('are set by admins, who cannot remove their own admin role', async () => {
    const SET = `mutation($u: ID!, $r: [UserRole!]!) { setUserRoles(userId: $u, roles: $r) { id roles } }`;
    const res = await env.q<{ setUserRoles: { roles: string[] } }>(SET, { u: partnerId, r: ['PARTNER', 'CUSTOMER', 'PARTNER'] }, admin);
    expect(res.data?.setUserRoles.roles).toEqual(['PARTNER', 'CUSTOMER']);
    const adminId = (await env.rt.verifier.verifyAccess(admin.authorization!.slice(7))).userId;
    expect((await env.q(SET, { u: adminId, r: ['CUSTOMER'] }, admin)).errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'roles' });
    expect((await env.q(SET, { u: '00000000-0000-4000-8000-000000000000', r: ['CUSTOMER'] }, admin)).errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
  });

  it('are re-checked on every admin operation: a demoted admin is refused at once, token or not', async () => {
    const SET = `mutation($u: ID!, $r: [UserRole!]!) { setUserRoles(userId: $u, roles: $r) { id roles } }`;
    const promoted = await env.q<{ setUserRoles: { roles: string[] } }>(SET, { u: partnerId, r: ['ADMIN'] }, admin);
    expect(promoted.data?.setUserRoles.roles).toEqual(['ADMIN']);
    const asPartner = await userHeaders(env.keys, { id: partnerId, roles: ['admin'] });
    expect((await env.q(LIST, {}, asPartner)).errors).toBeUndefined();
    await env.q(SET, { u: partnerId, r: ['PARTNER'] }, admin);
    // The partner's access token still says admin, but the account no longer is one.
    expect((await env.q(LIST, {}, asPartner)).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect((await env.q(ISSUE, { input: { name: 'sneaky', scopes: ['ORDERS_WRITE'] } }, asPartner)).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });
});
