import { and, eq, isNull, ne } from 'drizzle-orm';
import { emailProblem, normaliseEmail } from '../auth/email.ts';
import { hashPassword, needsRehash, PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH, passwordProblem, verifyPassword } from '../auth/passwords.ts';
import { revokeAllSessions, revokeSessionOf, rotateRefreshToken, startSession } from '../auth/sessions.ts';
import { hashToken, newSecretToken } from '../auth/tokens.ts';
import { RESET_TOKEN_TTL_MS } from '../config.ts';
import type { Context } from '../context.ts';
import { passwordResetTokens, users } from '../db/schema.ts';
import { findUserByEmail } from '../db/queries.ts';
import type { MutationResolvers } from '../__generated__/resolvers-types.ts';
import * as v from '../validate.ts';
import { accountKey, authPayload, callerId, clientKey, consumeAttempts } from './shared.ts';

const weak = (message: string) => ({ __typename: 'WeakPassword' as const, message, minLength: PASSWORD_MIN_LENGTH, maxLength: PASSWORD_MAX_LENGTH });
const invalidCredentials = { __typename: 'InvalidCredentials' as const, message: 'The email or password is not correct.' };
const wrongPassword = { __typename: 'WrongPassword' as const, message: 'The current password is not correct.' };
const invalidReset = { __typename: 'InvalidResetToken' as const, message: 'This reset link is invalid, expired or already used. Ask for a new one.' };
const resetRequested = {
  __typename: 'PasswordResetRequested' as const,
  message: `If an account uses this address, we have emailed it a link to reset the password. The link works once, for ${RESET_TOKEN_TTL_MS / 60_000} minutes.`,
};

/** Passwords longer than this are not even hashed (they cannot be valid: the policy caps them far below). */
const MAX_PASSWORD_INPUT = 4 * PASSWORD_MAX_LENGTH;

/** Creates a password account (sign-up and the admin CLI): null when the email is taken. One transaction. */
export async function createAccount(
  ctx: Pick<Context, 'rt'>,
  values: { email: string; passwordHash: string; displayName: string; country: string | null; currency: string | null; language: string | null; roles: string[] },
) {
  const now = ctx.rt.clock.now();
  return ctx.rt.db.db.transaction(async (tx) => {
    const [user] = await tx
      .insert(users)
      .values({ ...values, passwordChangedAt: now, createdAt: now, updatedAt: now })
      .onConflictDoNothing({ target: users.email })
      .returning();
    if (!user) return null;
    return { user, refresh: await startSession(tx, user.id, now) };
  });
}

export const authMutations: Pick<
  MutationResolvers<Context>,
  'signUp' | 'signIn' | 'refreshSession' | 'signOut' | 'signOutEverywhere' | 'changePassword' | 'requestPasswordReset' | 'resetPassword'
> = {
  async signUp(_root, { input }, ctx) {
    const displayName = v.text(input.displayName, 'input.displayName', 60);
    const country = input.country ? v.country(input.country, 'input.country') : null;
    const currency = input.currency ? v.currency(input.currency, 'input.currency') : null;
    const language = input.language ? v.language(input.language, 'input.language') : null;
    const email = normaliseEmail(input.email);
    const emailError = emailProblem(email);
    if (emailError) return { __typename: 'InvalidEmail', message: emailError };
    const passwordError = passwordProblem(input.password, email);
    if (passwordError) return weak(passwordError);
    const limited = await consumeAttempts(ctx, [[`signup:ip:${clientKey(ctx.identity)}`, ctx.services.limits.signUpPerIp]]);
    if (limited) return limited;
    const passwordHash = await hashPassword(input.password, ctx.services.password);
    const created = await createAccount(ctx, { email, passwordHash, displayName, country, currency, language, roles: ['customer'] });
    if (!created) return { __typename: 'EmailTaken', message: 'An account with this email already exists. Sign in, or reset the password.' };
    ctx.log.info({ userId: created.user.id }, 'account created');
    return authPayload(ctx, created.user, created.refresh);
  },

  async signIn(_root, args, ctx) {
    const email = normaliseEmail(args.email);
    const account = accountKey(email);
    const { limits } = ctx.services;
    const limited = await consumeAttempts(ctx, [
      [`signin:ip:${clientKey(ctx.identity)}`, limits.signInPerIp],
      [`signin:account:${account}`, limits.signInPerAccount],
    ]);
    if (limited) return limited;
    const user = emailProblem(email) === null ? await findUserByEmail(ctx.rt.db.db, email) : null;
    const ok =
      args.password.length <= MAX_PASSWORD_INPUT && user?.passwordHash
        ? await verifyPassword(args.password, user.passwordHash)
        : await ctx.services.dummyVerify(args.password.slice(0, MAX_PASSWORD_INPUT));
    if (!ok || !user) return invalidCredentials;
    await ctx.services.limiter.reset(`signin:account:${account}`, limits.signInPerAccount);
    const now = ctx.rt.clock.now();
    const upgraded = needsRehash(user.passwordHash!, ctx.services.password) ? await hashPassword(args.password, ctx.services.password) : null;
    const refresh = await ctx.rt.db.db.transaction(async (tx) => {
      if (upgraded) await tx.update(users).set({ passwordHash: upgraded }).where(eq(users.id, user.id));
      return startSession(tx, user.id, now);
    });
    return authPayload(ctx, upgraded ? { ...user, passwordHash: upgraded } : user, refresh);
  },

  async refreshSession(_root, { refreshToken }, ctx) {
    const outcome = await rotateRefreshToken(ctx.rt.db.db, refreshToken, ctx.rt.clock.now());
    if (outcome.kind === 'invalid') return { __typename: 'InvalidRefreshToken', message: 'Your session has ended. Sign in again.' };
    if (outcome.kind === 'reused') {
      ctx.log.warn({ sessionId: outcome.sessionId }, 'refresh token reused: session revoked');
      return { __typename: 'RefreshTokenReused', message: 'For your safety this session was signed out. Sign in again.' };
    }
    return authPayload(ctx, outcome.user, outcome.refresh);
  },

  async signOut(_root, { refreshToken }, ctx) {
    return { sessionsRevoked: await revokeSessionOf(ctx.rt.db.db, refreshToken, ctx.rt.clock.now()) };
  },

  async signOutEverywhere(_root, _args, ctx) {
    const id = callerId(ctx.identity);
    return { sessionsRevoked: await revokeAllSessions(ctx.rt.db.db, id, ctx.rt.clock.now(), 'sign-out-everywhere') };
  },

  async changePassword(_root, { currentPassword, newPassword }, ctx) {
    const id = callerId(ctx.identity);
    const [user] = await ctx.rt.db.db.select().from(users).where(and(eq(users.id, id), isNull(users.deletedAt))).limit(1);
    if (!user) return wrongPassword;
    const problem = passwordProblem(newPassword, user.email);
    if (problem) return weak(problem);
    const limited = await consumeAttempts(ctx, [[`signin:account:${accountKey(user.email ?? user.id)}`, ctx.services.limits.signInPerAccount]]);
    if (limited) return limited;
    const ok = user.passwordHash !== null && currentPassword.length <= MAX_PASSWORD_INPUT && (await verifyPassword(currentPassword, user.passwordHash));
    if (!ok) return wrongPassword;
    const passwordHash = await hashPassword(newPassword, ctx.services.password);
    const now = ctx.rt.clock.now();
    const refresh = await ctx.rt.db.db.transaction(async (tx) => {
      await tx.update(users).set({ passwordHash, passwordChangedAt: now, updatedAt: now }).where(eq(users.id, id));
      await revokeAllSessions(tx, id, now, 'password-changed');
      return startSession(tx, id, now);
    });
    return authPayload(ctx, { ...user, passwordHash }, refresh);
  },

  async requestPasswordReset(_root, args, ctx) {
    const email = normaliseEmail(args.email);
    const { limits } = ctx.services;
    const limited = await consumeAttempts(ctx, [
      [`reset:ip:${clientKey(ctx.identity)}`, limits.resetPerIp],
      [`reset:account:${accountKey(email)}`, limits.resetPerAccount],
    ]);
    if (limited) return limited;
    const user = emailProblem(email) === null ? await findUserByEmail(ctx.rt.db.db, email) : null;
    if (!user) return resetRequested;
    const token = newSecretToken();
    const now = ctx.rt.clock.now();
    await ctx.rt.db.db.transaction(async (tx) => {
      // Only the newest link works: earlier unused ones are spent.
      await tx.update(passwordResetTokens).set({ usedAt: now }).where(and(eq(passwordResetTokens.userId, user.id), isNull(passwordResetTokens.usedAt)));
      await tx.insert(passwordResetTokens).values({ userId: user.id, tokenHash: hashToken(token), createdAt: now, expiresAt: new Date(now.getTime() + RESET_TOKEN_TTL_MS) });
    });
    const link = `${ctx.services.resetUrl}${ctx.services.resetUrl.includes('?') ? '&' : '?'}token=${token}`;
    try {
      await ctx.services.mailer.send({
        to: email,
        kind: 'password-reset',
        subject: 'Reset your Emporium password',
        text: [
          `Hello ${user.displayName},`,
          '',
          `Someone (hopefully you) asked to reset the password of your Emporium account. Open this link within ${RESET_TOKEN_TTL_MS / 60_000} minutes to choose a new one:`,
          '',
          link,
          '',
          `Reset token: ${token}`,
          '',
          'If you did not ask for this, ignore this message: your password stays as it is.',
        ].join('\n'),
      });
    } catch (err) {
      ctx.log.error({ err, userId: user.id }, 'password reset mail failed');
    }
    return resetRequested;
  },

  async resetPassword(_root, { token, newPassword }, ctx) {
    if (token.length === 0 || token.length > 200) return invalidReset;
    const now = ctx.rt.clock.now();
    const tokenHash = hashToken(token);
    const [found] = await ctx.rt.db.db
      .select({ token: passwordResetTokens, user: users })
      .from(passwordResetTokens)
      .innerJoin(users, eq(users.id, passwordResetTokens.userId))
      .where(eq(passwordResetTokens.tokenHash, tokenHash))
      .limit(1);
    if (!found || found.token.usedAt !== null || found.token.expiresAt <= now || found.user.deletedAt !== null) return invalidReset;
    const problem = passwordProblem(newPassword, found.user.email);
    if (problem) return weak(problem);
    const passwordHash = await hashPassword(newPassword, ctx.services.password);
    const userId = found.user.id;
    const refresh = await ctx.rt.db.db.transaction(async (tx) => {
      // Spend the token; a concurrent reset with the same token finds it spent and fails.
      const spent = await tx
        .update(passwordResetTokens)
        .set({ usedAt: now })
        .where(and(eq(passwordResetTokens.id, found.token.id), isNull(passwordResetTokens.usedAt)))
        .returning({ id: passwordResetTokens.id });
      if (spent.length === 0) return null;
      await tx
        .update(passwordResetTokens)
        .set({ usedAt: now })
        .where(and(eq(passwordResetTokens.userId, userId), isNull(passwordResetTokens.usedAt), ne(passwordResetTokens.id, found.token.id)));
      await tx.update(users).set({ passwordHash, passwordChangedAt: now, updatedAt: now }).where(eq(users.id, userId));
      await revokeAllSessions(tx, userId, now, 'password-reset');
      return startSession(tx, userId, now);
    });
    if (!refresh) return invalidReset;
    return authPayload(ctx, { ...found.user, passwordHash }, refresh);
  },
};
