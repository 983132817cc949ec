import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { refreshTokens, sessions, users } from '../src/db/schema.ts';
import { bearer, refresh, setup, signIn, signUp, viaGateway, type AuthResult, type Env } from './helpers.ts';

let env: Env;
beforeAll(async () => {
  // Small per-address limit so the test needs few attempts; the per-account limit is the production one (5 / 15 min).
  env = await setup({ limits: { signInPerIp: { limit: 8, windowSeconds: 900 } } });
});
afterAll(async () => {
  await env?.close();
});

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');
const SIGN_OUT = `mutation($t: String!) { signOut(refreshToken: $t) { sessionsRevoked } }`;
const SIGN_OUT_ALL = `mutation { signOutEverywhere { sessionsRevoked } }`;

describe('access tokens', () => {
  it('carry id, roles, country and currency, expire after 15 minutes and are accepted by the subgraph', async () => {
    const before = Date.now();
    const r = await signUp(env, { email: 'token@example.com', country: 'DE', currency: 'EUR' });
    const claims = await env.rt.verifier.verifyAccess(r.accessToken!);
    expect(claims).toMatchObject({ userId: r.user!.id, roles: ['customer'], country: 'DE', currency: 'EUR' });
    const ttl = claims.expiresAt * 1000 - before;
    expect(ttl).toBeGreaterThan(890_000);
    expect(ttl).toBeLessThanOrEqual(901_000);
    expect(new Date(r.accessTokenExpiresAt!).getTime()).toBe(claims.expiresAt * 1000);
    const me = await env.q<{ me: { id: string; email: string } }>('{ me { id email } }', {}, bearer(r.accessToken!));
    expect(me.data?.me).toEqual({ id: r.user!.id, email: 'token@example.com' });
  });
});

describe('refresh tokens', () => {
  it('rotate: each refresh spends the token and returns a new one; only hashes are stored', async () => {
    const r = await signIn(env, 'token@example.com', 'correct horse battery');
    const next = await refresh(env, r.refreshToken!);
    expect(next.__typename).toBe('AuthPayload');
    expect(next.refreshToken).not.toBe(r.refreshToken);
    expect(next.user?.email).toBe('token@example.com');
    const rows = await env.rt.db.db.select().from(refreshTokens);
    expect(rows.some((t) => t.tokenHash === r.refreshToken || t.tokenHash === next.refreshToken)).toBe(false);
    const spent = rows.find((t) => t.tokenHash === sha256(r.refreshToken!));
    expect(spent?.usedAt).not.toBeNull();
    expect(rows.find((t) => t.tokenHash === sha256(next.refreshToken!))?.usedAt).toBeNull();
    expect(new Date(next.refreshTokenExpiresAt!).getTime() - env.rt.clock.now().getTime()).toBe(30 * 24 * 3600_000);
  });

  it('detect reuse: presenting a spent token revokes the whole family', async () => {
    const r = await signIn(env, 'token@example.com', 'correct horse battery');
    const second = await refresh(env, r.refreshToken!);
    const third = await refresh(env, second.refreshToken!);
    expect(third.__typename).toBe('AuthPayload');
    // An attacker replays the first (spent) token …
    expect((await refresh(env, r.refreshToken!)).__typename).toBe('RefreshTokenReused');
    // … and the legitimate newest token is dead too: the family is revoked.
    expect((await refresh(env, third.refreshToken!)).__typename).toBe('InvalidRefreshToken');
    const [session] = await env.rt.db.db.select().from(sessions).where(eq(sessions.revokedReason, 'refresh-token-reuse'));
    expect(session?.revokedAt).not.toBeNull();
    // Another session of the same user is unaffected.
    const other = await signIn(env, 'token@example.com', 'correct horse battery');
    expect((await refresh(env, other.refreshToken!)).__typename).toBe('AuthPayload');
  });

  it('let exactly one of two concurrent refreshes with the same token win; the other revokes the family', async () => {
    const r = await signIn(env, 'token@example.com', 'correct horse battery');
    const outcomes = await Promise.all([refresh(env, r.refreshToken!), refresh(env, r.refreshToken!)]);
    expect(outcomes.map((o) => o.__typename).sort()).toEqual(['AuthPayload', 'RefreshTokenReused']);
    const winner = outcomes.find((o) => o.__typename === 'AuthPayload')!;
    expect((await refresh(env, winner.refreshToken!)).__typename).toBe('InvalidRefreshToken');
  });

  it('carry the current roles and profile into the new access token', async () => {
    const r = await signIn(env, 'token@example.com', 'correct horse battery');
    await env.rt.db.db.update(users).set({ roles: ['customer', 'merchant'], country: 'FR' }).where(eq(users.email, 'token@example.com'));
    const next = await refresh(env, r.refreshToken!);
    expect(await env.rt.verifier.verifyAccess(next.accessToken!)).toMatchObject({ roles: ['customer', 'merchant'], country: 'FR', currency: 'EUR' });
  });

  it('expire 30 days after issue, and sessions 90 days after sign-in whatever the refreshes', async () => {
    const r = await signIn(env, 'token@example.com', 'correct horse battery');
    env.rt.clock.advance(30 * 24 * 3600_000);
    expect((await refresh(env, r.refreshToken!)).__typename).toBe('InvalidRefreshToken');
    let current = (await signIn(env, 'token@example.com', 'correct horse battery')).refreshToken!;
    for (let day = 29; day < 90; day += 29) {
      env.rt.clock.advance(29 * 24 * 3600_000);
      const next = await refresh(env, current);
      expect(next.__typename).toBe('AuthPayload');
      current = next.refreshToken!;
    }
    env.rt.clock.advance(29 * 24 * 3600_000); // day 116 > 90
    expect((await refresh(env, current)).__typename).toBe('InvalidRefreshToken');
    expect((await refresh(env, 'not-a-token')).__typename).toBe('InvalidRefreshToken');
    expect((await refresh(env, '')).__typename).toBe('InvalidRefreshToken');
  });
});

describe('sign-out', () => {
  it('ends the session of a refresh token, idempotently', async () => {
    const r = await signIn(env, 'token@example.com', 'correct horse battery');
    expect((await env.q<{ signOut: { sessionsRevoked: number } }>(SIGN_OUT, { t: r.refreshToken })).data?.signOut.sessionsRevoked).toBe(1);
    expect((await env.q<{ signOut: { sessionsRevoked: number } }>(SIGN_OUT, { t: r.refreshToken })).data?.signOut.sessionsRevoked).toBe(0);
    expect((await refresh(env, r.refreshToken!)).__typename).toBe('InvalidRefreshToken');
  });

  it('everywhere: ends every session of the caller and no one else’s', async () => {
    const a1 = await signIn(env, 'token@example.com', 'correct horse battery');
    const a2 = await signIn(env, 'token@example.com', 'correct horse battery');
    const b = await signUp(env, { email: 'bystander@example.com' });
    const res = await env.q<{ signOutEverywhere: { sessionsRevoked: number } }>(SIGN_OUT_ALL, {}, bearer(a1.accessToken!));
    expect(res.data?.signOutEverywhere.sessionsRevoked).toBeGreaterThanOrEqual(2);
    for (const t of [a1.refreshToken!, a2.refreshToken!]) expect((await refresh(env, t)).__typename).toBe('InvalidRefreshToken');
    expect((await refresh(env, b.refreshToken!)).__typename).toBe('AuthPayload');
    expect((await env.q(SIGN_OUT_ALL)).errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });
});

describe('sign-in attempt limits', () => {
  it('are counted on Redis when REDIS_URL is set, in-process otherwise', async () => {
    expect(env.limiter.kind).toBe(process.env.REDIS_URL ? 'redis' : 'memory');
    const deadline = Date.now() + 10_000;
    let decision = await env.limiter.peek('probe', { limit: 1, windowSeconds: 60 });
    while (decision.degraded && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 50));
      decision = await env.limiter.peek('probe', { limit: 1, windowSeconds: 60 });
    }
    expect(decision.degraded).toBe(false);
  });

  it('per account: the 6th attempt in 15 minutes is refused, even with the right password, until the window slides', async () => {
    env.rt.clock.set('2027-06-01T00:00:00.000Z'); // the start of a 15-minute window
    await signUp(env, { email: 'target@example.com' });
    const headers = await viaGateway(env.keys, '198.51.100.1');
    const results: AuthResult[] = [];
    for (let i = 0; i < 5; i++) results.push(await signIn(env, 'target@example.com', `guess number ${i} xx`, await viaGateway(env.keys, `198.51.100.${10 + i}`)));
    expect(results.map((r) => r.__typename)).toEqual(Array(5).fill('InvalidCredentials'));
    const blocked = await signIn(env, 'TARGET@example.com', 'correct horse battery', headers);
    expect(blocked.__typename).toBe('TooManyAttempts');
    // Sliding window: the 5 failures weigh 5 × (1 − e) in the next window; one more attempt fits once that is ≤ 4,
    // i.e. e ≥ 0.2 — 15 + 3 = 18 minutes from now.
    expect(blocked.retryAfterSeconds).toBe(18 * 60);
    expect(blocked.message).toBe('Too many attempts. Try again in 18 minutes.');
    env.rt.clock.advance(18 * 60_000 - 1_000);
    expect((await signIn(env, 'target@example.com', 'correct horse battery', headers)).__typename).toBe('TooManyAttempts');
    env.rt.clock.advance(1_000);
    expect((await signIn(env, 'target@example.com', 'correct horse battery', headers)).__typename).toBe('AuthPayload');
  });

  it('per account: a successful sign-in clears the account’s failures', async () => {
    const headers = await viaGateway(env.keys, '198.51.100.2');
    for (let i = 0; i < 4; i++) await signIn(env, 'target@example.com', 'wrong wrong wrong', headers);
    expect((await signIn(env, 'target@example.com', 'correct horse battery', headers)).__typename).toBe('AuthPayload');
    for (let i = 0; i < 4; i++) expect((await signIn(env, 'target@example.com', 'wrong wrong wrong', await viaGateway(env.keys, '198.51.100.3'))).__typename).toBe('InvalidCredentials');
    env.rt.clock.advance(60 * 60_000);
  });

  it('per client address: many accounts from one address are refused after 8 attempts; other addresses are not', async () => {
    const attacker = await viaGateway(env.keys, '203.0.113.66');
    const seen: string[] = [];
    for (let i = 0; i < 9; i++) seen.push((await signIn(env, `victim${i}@example.com`, 'password guess 1', attacker)).__typename);
    expect(seen).toEqual([...Array(8).fill('InvalidCredentials'), 'TooManyAttempts']);
    // The address is taken from the gateway's forwarded header only when the gateway's service token vouches for it.
    expect((await signIn(env, 'victim9@example.com', 'password guess 1', { 'x-emporium-client-ip': '203.0.113.66' })).__typename).toBe('InvalidCredentials');
    expect((await signIn(env, 'token@example.com', 'correct horse battery', await viaGateway(env.keys, '203.0.113.67'))).__typename).toBe('AuthPayload');
  });
});
