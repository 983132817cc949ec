import { envReader, type RateLimit } from '@emporium/kit';

/** Access tokens live 15 minutes (the kit verifies them against the system clock everywhere). */
export const ACCESS_TOKEN_TTL_SECONDS = 900;
/** A refresh token is valid for 30 days after it was issued — and only once: each use rotates it. */
export const REFRESH_TOKEN_TTL_MS = 30 * 24 * 3600 * 1000;
/** A session (refresh-token family) ends 90 days after sign-in whatever the refreshes. */
export const SESSION_MAX_AGE_MS = 90 * 24 * 3600 * 1000;
/** A password-reset token is valid for 30 minutes, once. */
export const RESET_TOKEN_TTL_MS = 30 * 60 * 1000;
/** Upper bounds per user. */
export const MAX_ADDRESSES = 20;
export const MAX_WISHLIST = 500;
export const MAX_SAVED_DEALS = 500;

/** Attempt limits (sliding windows, see the kit's rate limiter). Keys hash the email so no address sits in Redis. */
export interface AttemptLimits {
  /** Sign-in, password change and account deletion attempts per account (email). */
  signInPerAccount: RateLimit;
  /** Sign-in attempts per client address. */
  signInPerIp: RateLimit;
  /** Sign-ups per client address. */
  signUpPerIp: RateLimit;
  /** Reset requests per email address. */
  resetPerAccount: RateLimit;
  /** Reset requests per client address. */
  resetPerIp: RateLimit;
}

export const DEFAULT_LIMITS: AttemptLimits = {
  signInPerAccount: { limit: 5, windowSeconds: 15 * 60 },
  signInPerIp: { limit: 30, windowSeconds: 15 * 60 },
  signUpPerIp: { limit: 10, windowSeconds: 3600 },
  resetPerAccount: { limit: 3, windowSeconds: 3600 },
  resetPerIp: { limit: 10, windowSeconds: 3600 },
};

/** Where the emailed reset link points (the storefront page that calls `resetPassword`). */
export function passwordResetUrl(env: Record<string, string | undefined> = process.env): string {
  return envReader(env).url('PASSWORD_RESET_URL', ['http', 'https']) ?? 'http://localhost:3000/account/reset-password';
}
