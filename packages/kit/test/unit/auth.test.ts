import { SignJWT } from 'jose';
import { createSecretKey } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { resolveIdentity, requireService } from '../../src/auth/identity.ts';
import { createTokenVerifier, signAccessToken, signServiceToken, InvalidTokenError } from '../../src/auth/tokens.ts';
import { AppError } from '../../src/errors.ts';
import { createTestKeys } from '../../src/testing/runtime.ts';

const keys = createTestKeys();
const verifier = createTokenVerifier(keys);

describe('tokens', () => {
  it('round-trips access tokens with roles and profile claims', async () => {
    const token = await signAccessToken(keys.access, { userId: 'u1', roles: ['customer', 'admin'], country: 'DE', currency: 'EUR' });
    expect(await verifier.verifyAccess(token)).toMatchObject({ userId: 'u1', roles: ['customer', 'admin'], country: 'DE', currency: 'EUR' });
  });

  it('refuses service tokens as access tokens and the other way round (audience)', async () => {
    const service = await signServiceToken(keys.service, 'order');
    await expect(verifier.verifyAccess(service)).rejects.toBeInstanceOf(InvalidTokenError);
    const access = await signAccessToken(keys.access, { userId: 'u1', roles: [] });
    await expect(verifier.verifyService(access)).rejects.toBeInstanceOf(InvalidTokenError);
    expect(await verifier.verifyService(service)).toMatchObject({ service: 'order' });
  });

  it('refuses expired, HMAC-signed and alg:none tokens', async () => {
    const expired = await signAccessToken(keys.access, { userId: 'u', roles: [] }, { ttlSeconds: 10, now: new Date(Date.now() - 60_000) });
    await expect(verifier.verifyAccess(expired)).rejects.toThrow('The token is expired.');
    const hmac = await new SignJWT({ roles: ['admin'] })
      .setProtectedHeader({ alg: 'HS256' })
      .setIssuer('emporium')
      .setAudience('emporium:api')
      .setSubject('attacker')
      .setExpirationTime('1h')
      .sign(createSecretKey(Buffer.from('k'.repeat(32))));
    await expect(verifier.verifyAccess(hmac)).rejects.toBeInstanceOf(InvalidTokenError);
    const payload = Buffer.from(JSON.stringify({ sub: 'attacker', iss: 'emporium', aud: 'emporium:api', exp: 9e9 })).toString('base64url');
    await expect(verifier.verifyAccess(`eyJhbGciOiJub25lIn0.${payload}.`)).rejects.toBeInstanceOf(InvalidTokenError);
  });
});

describe('identity', () => {
  it('ignores plain identity headers without a service token', async () => {
    const id = await resolveIdentity({ 'x-user-id': 'u9', 'x-emporium-session': 'abcdefghijklmnopqrstuvwxyz', 'x-emporium-client-ip': '6.6.6.6' }, verifier, '10.0.0.1');
    expect(id).toEqual({ user: null, service: null, sessionId: null, clientIp: '10.0.0.1' });
  });

  it('trusts forwarded session and client address under a valid service token', async () => {
    const headers = { 'x-emporium-service': await signServiceToken(keys.service, 'gateway'), 'x-emporium-session': 'abcdefghijklmnopqrstuvwxyz', 'x-emporium-client-ip': '203.0.113.5' };
    expect(await resolveIdentity(headers, verifier, '127.0.0.1')).toEqual({ user: null, service: 'gateway', sessionId: 'abcdefghijklmnopqrstuvwxyz', clientIp: '203.0.113.5' });
  });

  it('answers UNAUTHENTICATED for a forged token instead of treating the caller as anonymous', async () => {
    const other = createTestKeys();
    const forged = await signAccessToken(other.access, { userId: 'victim', roles: ['admin'] });
    const err = await resolveIdentity({ authorization: `Bearer ${forged}` }, verifier, null).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).code).toBe('UNAUTHENTICATED');
    const badService = await resolveIdentity({ 'x-emporium-service': await signServiceToken(other.service, 'order') }, verifier, null).catch((e: unknown) => e);
    expect((badService as AppError).code).toBe('UNAUTHENTICATED');
  });

  it('requireService refuses callers without a service token', () => {
    expect(() => requireService({ user: null, service: null, sessionId: null, clientIp: null })).toThrow(AppError);
    expect(requireService({ user: null, service: 'order', sessionId: null, clientIp: null }, ['order'])).toBe('order');
    expect(() => requireService({ user: null, service: 'deal', sessionId: null, clientIp: null }, ['order'])).toThrow(/may not/);
  });
});
