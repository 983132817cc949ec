import type { RateLimiter } from '@emporium/kit';
import { dummyVerifier, type ScryptParams } from './auth/passwords.ts';
import type { AttemptLimits } from './config.ts';
import type { Mailer } from './mailer.ts';

/** What the user subgraph's resolvers use besides the runtime: built once per subgraph by `buildUserSubgraph`. */
export interface UserServices {
  mailer: Mailer;
  limiter: RateLimiter;
  limits: AttemptLimits;
  /** scrypt parameters for new hashes (older hashes are upgraded on sign-in). */
  password: ScryptParams;
  /** Spends the time of one verification for an unknown account (always false). */
  dummyVerify: (password: string) => Promise<false>;
  /** The storefront page the reset email links to (`?token=` is appended). */
  resetUrl: string;
  /** Wakes the outbox relay after a transaction enqueued events. */
  eventsEnqueued: () => void;
}

export function createServices(opts: Omit<UserServices, 'dummyVerify'>): UserServices {
  return { ...opts, dummyVerify: dummyVerifier(opts.password) };
}
