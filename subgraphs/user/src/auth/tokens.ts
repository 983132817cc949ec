import { createHash, randomBytes } from 'node:crypto';

/** A new opaque secret token: 32 random bytes, base64url (43 characters). */
export function newSecretToken(): string {
  return randomBytes(32).toString('base64url');
}

/**
 * How secret tokens (refresh, password reset, API keys) are stored: hex SHA-256. They carry 256 random bits, so a
 * fast unsalted hash is enough (no dictionary to attack) and lets the token be looked up by its hash.
 */
export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}
