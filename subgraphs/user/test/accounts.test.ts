import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { emailProblem, normaliseEmail } from '../src/auth/email.ts';
import { DEFAULT_SCRYPT, hashPassword, needsRehash, parseHash, TEST_SCRYPT, verifyPassword } from '../src/auth/passwords.ts';
import { mailOutbox, passwordResetTokens, sessions, users } from '../src/db/schema.ts';
import { bearer, REFRESH, serviceHeaders, setup, signIn, signUp, userHeaders, type AuthResult, type Env } from './helpers.ts';

let env: Env;
beforeAll(async () => {
  env = await setup();
});
afterAll(async () => {
  await env?.close();
});

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

describe('email normalisation', () => {
  it('folds Unicode compatibility forms, trims and lower-cases', () => {
    expect(normaliseEmail('  Alice.Smith@Example.COM ')).toBe('alice.smith@example.com');
    expect(normaliseEmail('ａｌｉｃｅ＠ｅｘａｍｐｌｅ．ｃｏｍ')).toBe('alice@example.com');
    expect(normaliseEmail('ÉMILE@Café.fr')).toBe('émile@café.fr');
  });

  it('refuses malformed addresses', () => {
    for (const bad of ['', 'plain', '@example.com', 'a@b', 'a@@example.com', 'a b@example.com', 'a@example..com', '.a@example.com', 'a@example.123', 'a@-x.com', `${'x'.repeat(65)}@example.com`]) {
      expect(emailProblem(normaliseEmail(bad)), bad).not.toBeNull();
    }
    for (const good of ['a@example.com', 'first.last+tag@sub.example.co.uk', 'émile@café.fr', 'o\'brien@example.ie']) {
      expect(emailProblem(normaliseEmail(good)), good).toBeNull();
    }
  });
});

describe('password hashing (scrypt)', () => {
  it('stores the production parameters with a per-password salt and verifies in constant time', async () => {
    const a = await hashPassword('correct horse battery');
    const b = await hashPassword('correct horse battery');
    expect(a).toMatch(/^\$scrypt\$ln=15,r=8,p=3\$[A-Za-z0-9+/]{22}\$[A-Za-z0-9+/]{43}$/);
    expect(a).not.toBe(b); // different salts
    expect(parseHash(a)).toMatchObject({ ln: DEFAULT_SCRYPT.ln, r: 8, p: 3 });
    expect(await verifyPassword('correct horse battery', a)).toBe(true);
    expect(await verifyPassword('correct horse batterY', a)).toBe(false);
    expect(needsRehash(a)).toBe(false);
    expect(needsRehash(a, TEST_SCRYPT)).toBe(true);
  });

  it('normalises the password (NFKC) and refuses hashes that are not ours', async () => {
    const h = await hashPassword('ｐａｓｓｗｏｒｄ１２３４５６', TEST_SCRYPT);
    expect(await verifyPassword('password123456', h)).toBe(true);
    expect(await verifyPassword('x', 'plaintext')).toBe(false);
    expect(await verifyPassword('x', '$scrypt$ln=99,r=8,p=1$AAAA$AAAA')).toBe(false);
  });
});

describe('sign-up', () => {
  it('creates a customer with a normalised email and returns tokens', async () => {
    const r = await signUp(env, { email: '  Ana.Lopez@Example.COM ', displayName: ' Ana ', country: 'es', currency: 'eur', language: 'es-es' });
    expect(r.__typename).toBe('AuthPayload');
    expect(r.user).toMatchObject({ email: 'ana.lopez@example.com', displayName: 'Ana', country: 'ES', currency: 'EUR', language: 'es-ES', roles: ['CUSTOMER'], hasPassword: true });
    const claims = await env.rt.verifier.verifyAccess(r.accessToken!);
    expect(claims).toMatchObject({ userId: r.user!.id, roles: ['customer'], country: 'ES', currency: 'EUR' });
    const [row] = await env.rt.db.db.select().from(users).where(eq(users.id, r.user!.id));
    expect(row!.passwordHash).toMatch(/^\$scrypt\$ln=10,r=8,p=1\$/); // the test parameters this subgraph was built with
    expect(await verifyPassword('correct horse battery', row!.passwordHash!)).toBe(true);
  });

  it('answers EmailTaken for another spelling of an existing email (also full-width)', async () => {
    expect((await signUp(env, { email: 'ANA.LOPEZ@example.com' })).__typename).toBe('EmailTaken');
    expect((await signUp(env, { email: 'ａｎａ.ｌｏｐｅｚ@example.com' })).__typename).toBe('EmailTaken');
    const rows = await env.rt.db.db.select().from(users).where(eq(users.email, 'ana.lopez@example.com'));
    expect(rows).toHaveLength(1);
  });

  it('answers InvalidEmail and WeakPassword as results', async () => {
    expect(await signUp(env, { email: 'not-an-email' })).toMatchObject({ __typename: 'InvalidEmail' });
    expect(await signUp(env, { email: 'short@example.com', password: 'short' })).toMatchObject({ __typename: 'WeakPassword', minLength: 12, maxLength: 128 });
    expect(await signUp(env, { email: 'same@example.com', password: 'aaaaaaaaaaaaaaaa' })).toMatchObject({ __typename: 'WeakPassword' });
    expect(await signUp(env, { email: 'mine@example.com', password: 'xx-mine@example.com-xx' })).toMatchObject({ __typename: 'WeakPassword' });
  });

  it('refuses bad profile fields with BAD_USER_INPUT naming the argument', async () => {
    for (const [input, field] of [
      [{ email: 'x1@example.com', country: 'XX' }, 'input.country'],
      [{ email: 'x2@example.com', currency: 'ABC' }, 'input.currency'],
      [{ email: 'x3@example.com', language: 'not a tag' }, 'input.language'],
      [{ email: 'x4@example.com', displayName: '   ' }, 'input.displayName'],
      [{ email: 'x5@example.com', displayName: 'x'.repeat(61) }, 'input.displayName'],
    ] as const) {
      const res = await env.q(`mutation($input: SignUpInput!) { signUp(input: $input) { __typename } }`, { input: { displayName: 'X', password: 'correct horse battery', ...input } });
      expect(res.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field });
      expect(res.errors?.[0]?.message).toContain(field);
    }
  });
});

describe('sign-in', () => {
  it('signs in with any spelling of the email and the right password', async () => {
    const r = await signIn(env, 'Ana.Lopez@EXAMPLE.com', 'correct horse battery');
    expect(r.__typename).toBe('AuthPayload');
    expect(r.user?.email).toBe('ana.lopez@example.com');
  });

  it('answers the same InvalidCredentials for a wrong password, an unknown email and a demo customer', async () => {
    const wrong = await signIn(env, 'ana.lopez@example.com', 'wrong horse battery');
    const unknown = await signIn(env, 'nobody@example.com', 'correct horse battery');
    const malformed = await signIn(env, 'nobody', 'correct horse battery');
    expect(wrong).toEqual({ __typename: 'InvalidCredentials', message: 'The email or password is not correct.' });
    expect(unknown).toEqual(wrong);
    expect(malformed).toEqual(wrong);
    // A seeded customer without email/password cannot sign in at all.
    await env.rt.db.db.insert(users).values({ id: '0a7b2c3d-0000-4000-8000-0000000000c1', customerRef: '99999', displayName: 'Customer 99999' });
    expect((await signIn(env, '', '')).__typename).toBe('InvalidCredentials');
    env.rt.clock.advance(2 * 3600_000); // let the failures counted above slide out of every window
  });

  it('re-hashes a password made with older parameters on the next successful sign-in', async () => {
    const r = await signUp(env, { email: 'legacy@example.com' });
    const old = await hashPassword('correct horse battery', { ...TEST_SCRYPT, ln: 9 });
    await env.rt.db.db.update(users).set({ passwordHash: old }).where(eq(users.id, r.user!.id));
    expect((await signIn(env, 'legacy@example.com', 'correct horse battery')).__typename).toBe('AuthPayload');
    const [row] = await env.rt.db.db.select().from(users).where(eq(users.id, r.user!.id));
    expect(parseHash(row!.passwordHash!)?.ln).toBe(TEST_SCRYPT.ln);
    expect(await verifyPassword('correct horse battery', row!.passwordHash!)).toBe(true);
  });
});

const CHANGE = `mutation($c: String!, $n: String!) { changePassword(currentPassword: $c, newPassword: $n) { __typename ... on AuthPayload { accessToken refreshToken } ... on AccountProblem { message } } }`;

describe('password change', () => {
  it('needs the current password, ends every session and returns a new one', async () => {
    const up = await signUp(env, { email: 'changer@example.com' });
    const other = await signIn(env, 'changer@example.com', 'correct horse battery');
    const wrong = await env.q<{ changePassword: AuthResult }>(CHANGE, { c: 'not my password', n: 'a brand new passphrase' }, bearer(up.accessToken!));
    expect(wrong.data?.changePassword.__typename).toBe('WrongPassword');
    const weak = await env.q<{ changePassword: AuthResult }>(CHANGE, { c: 'correct horse battery', n: 'short' }, bearer(up.accessToken!));
    expect(weak.data?.changePassword.__typename).toBe('WeakPassword');
    const ok = await env.q<{ changePassword: AuthResult }>(CHANGE, { c: 'correct horse battery', n: 'a brand new passphrase' }, bearer(up.accessToken!));
    expect(ok.data?.changePassword.__typename).toBe('AuthPayload');
    // Both earlier sessions are over; the returned one works.
    for (const t of [up.refreshToken!, other.refreshToken!]) {
      expect((await env.q<{ refreshSession: AuthResult }>(REFRESH, { t })).data?.refreshSession.__typename).toBe('InvalidRefreshToken');
    }
    expect((await env.q<{ refreshSession: AuthResult }>(REFRESH, { t: ok.data!.changePassword.refreshToken })).data?.refreshSession.__typename).toBe('AuthPayload');
    expect((await signIn(env, 'changer@example.com', 'correct horse battery')).__typename).toBe('InvalidCredentials');
    expect((await signIn(env, 'changer@example.com', 'a brand new passphrase')).__typename).toBe('AuthPayload');
  });

  it('requires a signed-in user', async () => {
    const res = await env.q(CHANGE, { c: 'x', n: 'y' });
    expect(res.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });
});

const REQUEST = `mutation($e: String!) { requestPasswordReset(email: $e) { __typename ... on PasswordResetRequested { message } ... on TooManyAttempts { retryAfterSeconds } } }`;
const RESET = `mutation($t: String!, $p: String!) { resetPassword(token: $t, newPassword: $p) { __typename ... on AuthPayload { refreshToken user { email } } ... on AccountProblem { message } } }`;
const MAIL = `query($to: String!) { sandboxMail(to: $to, first: 5) { id to subject text kind createdAt } }`;
type Mail = { to: string; subject: string; text: string; kind: string };

async function latestToken(to: string): Promise<string> {
  const res = await env.q<{ sandboxMail: Mail[] }>(MAIL, { to }, await serviceHeaders(env.keys, 'ops'));
  const text = res.data?.sandboxMail[0]?.text ?? '';
  return /token=([A-Za-z0-9_-]{43})/.exec(text)?.[1] ?? '';
}

describe('password reset', () => {
  it('answers the same for known and unknown addresses, and mails only the known one', async () => {
    await signUp(env, { email: 'forgetful@example.com', displayName: 'Forgetful' });
    const known = await env.q<{ requestPasswordReset: unknown }>(REQUEST, { e: ' Forgetful@Example.com' });
    const unknown = await env.q<{ requestPasswordReset: unknown }>(REQUEST, { e: 'ghost@example.com' });
    expect(known.data?.requestPasswordReset).toEqual(unknown.data?.requestPasswordReset);
    expect(known.data?.requestPasswordReset).toMatchObject({ __typename: 'PasswordResetRequested' });
    const mails = await env.rt.db.db.select().from(mailOutbox);
    expect(mails.map((m) => m.recipient)).toEqual(['forgetful@example.com']);
    expect(mails[0]).toMatchObject({ kind: 'password-reset', subject: 'Reset your Emporium password' });
    expect(mails[0]!.body).toContain('Hello Forgetful,');
    expect(mails[0]!.body).toMatch(/https:\/\/shop\.test\/account\/reset\?token=[A-Za-z0-9_-]{43}/);
  });

  it('stores only a hash of the emailed token, which works once', async () => {
    const token = await latestToken('forgetful@example.com');
    expect(token).toHaveLength(43);
    const rows = await env.rt.db.db.select().from(passwordResetTokens);
    expect(rows.map((r) => r.tokenHash)).toEqual([sha256(token)]);
    expect(rows[0]!.expiresAt.getTime() - rows[0]!.createdAt.getTime()).toBe(30 * 60_000);
    const session = await signIn(env, 'forgetful@example.com', 'correct horse battery');

    expect((await env.q<{ resetPassword: AuthResult }>(RESET, { t: token, p: 'short' })).data?.resetPassword.__typename).toBe('WeakPassword');
    const ok = await env.q<{ resetPassword: AuthResult }>(RESET, { t: token, p: 'my recovered passphrase' });
    expect(ok.data?.resetPassword).toMatchObject({ __typename: 'AuthPayload', user: { email: 'forgetful@example.com' } });
    const again = await env.q<{ resetPassword: AuthResult }>(RESET, { t: token, p: 'another new passphrase' });
    expect(again.data?.resetPassword.__typename).toBe('InvalidResetToken');
    // The reset ended the session that existed before it.
    expect((await env.q<{ refreshSession: AuthResult }>(REFRESH, { t: session.refreshToken })).data?.refreshSession.__typename).toBe('InvalidRefreshToken');
    expect((await signIn(env, 'forgetful@example.com', 'my recovered passphrase')).__typename).toBe('AuthPayload');
    const revoked = await env.rt.db.db.select().from(sessions).where(eq(sessions.revokedReason, 'password-reset'));
    expect(revoked.length).toBeGreaterThanOrEqual(1);
  });

  it('expires after 30 minutes, and a newer link spends the older one', async () => {
    await env.q(REQUEST, { e: 'forgetful@example.com' });
    const first = await latestToken('forgetful@example.com');
    await env.q(REQUEST, { e: 'forgetful@example.com' });
    const second = await latestToken('forgetful@example.com');
    expect(second).not.toBe(first);
    expect((await env.q<{ resetPassword: AuthResult }>(RESET, { t: first, p: 'yet another passphrase' })).data?.resetPassword.__typename).toBe('InvalidResetToken');
    env.rt.clock.advance(30 * 60_000 + 1);
    expect((await env.q<{ resetPassword: AuthResult }>(RESET, { t: second, p: 'yet another passphrase' })).data?.resetPassword.__typename).toBe('InvalidResetToken');
    expect((await env.q<{ resetPassword: AuthResult }>(RESET, { t: 'garbage', p: 'yet another passphrase' })).data?.resetPassword.__typename).toBe('InvalidResetToken');
  });

  it('limits reset requests per address without telling whether it exists', async () => {
    const answers = [];
    for (let i = 0; i < 4; i++) answers.push((await env.q<{ requestPasswordReset: { __typename: string } }>(REQUEST, { e: 'flood@example.com' })).data?.requestPasswordReset.__typename);
    expect(answers).toEqual(['PasswordResetRequested', 'PasswordResetRequested', 'PasswordResetRequested', 'TooManyAttempts']);
  });

  it('lets only admins and services read the sandbox outbox', async () => {
    const customer = await env.q(MAIL, { to: 'forgetful@example.com' }, await userHeaders(env.keys, { id: '0a7b2c3d-0000-4000-8000-0000000000c1' }));
    expect(customer.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const viaGateway = await env.q(MAIL, { to: 'forgetful@example.com' }, await serviceHeaders(env.keys, 'gateway'));
    expect(viaGateway.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const tokenOnly = await env.q(MAIL, { to: 'forgetful@example.com' }, await userHeaders(env.keys, { id: '0a7b2c3d-0000-4000-8000-0000000000c1', roles: ['admin'] }));
    expect(tokenOnly.errors?.[0]?.extensions?.code).toBe('FORBIDDEN'); // the account itself is no admin
    await env.rt.db.db.update(users).set({ roles: ['admin'] }).where(eq(users.id, '0a7b2c3d-0000-4000-8000-0000000000c1'));
    const admin = await env.q<{ sandboxMail: Mail[] }>(MAIL, { to: 'FORGETFUL@example.com' }, await userHeaders(env.keys, { id: '0a7b2c3d-0000-4000-8000-0000000000c1', roles: ['admin'] }));
    expect(admin.errors).toBeUndefined();
    expect(admin.data?.sandboxMail.length).toBe(3);
    expect(admin.data?.sandboxMail.every((m) => m.to === 'forgetful@example.com' && m.kind === 'password-reset')).toBe(true);
  });
});
