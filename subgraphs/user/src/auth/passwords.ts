import { randomBytes, scrypt, timingSafeEqual } from 'node:crypto';

/**
 * Password hashing with scrypt (node:crypto). Parameters are stored with every hash as a PHC string
 *
 *   $scrypt$ln=<log2 N>,r=<r>,p=<p>$<salt, base64 unpadded>$<key, base64 unpadded>
 *
 * so they can be raised later: a hash made with other parameters still verifies, and `needsRehash` tells the sign-in
 * path to store a fresh hash with the current ones. The salt is 16 random bytes per password; the derived key is 32
 * bytes; comparison is constant-time (`timingSafeEqual`).
 */
export interface ScryptParams {
  /** log2 of the CPU/memory cost N. */
  ln: number;
  /** Block size. */
  r: number;
  /** Parallelisation. */
  p: number;
  /** Derived key length in bytes. */
  keyLength: number;
  /** Salt length in bytes. */
  saltLength: number;
}

/**
 * The production parameters: N = 2^15, r = 8, p = 3 — one of OWASP's equivalent minimum scrypt configurations
 * (32 MiB of memory per hash: 128 × N × r bytes). About 0.4 s per hash on one core of the CI machine at low load (bench/RESULTS.md).
 */
export const DEFAULT_SCRYPT: ScryptParams = { ln: 15, r: 8, p: 3, keyLength: 32, saltLength: 16 };

/** Cheap parameters for tests only (N = 2^10): never use them for real accounts. */
export const TEST_SCRYPT: ScryptParams = { ln: 10, r: 8, p: 1, keyLength: 32, saltLength: 16 };

/** Shortest and longest accepted passwords, in Unicode code points after NFKC. */
export const PASSWORD_MIN_LENGTH = 12;
export const PASSWORD_MAX_LENGTH = 128;

const PHC = /^\$scrypt\$ln=(\d{1,2}),r=(\d{1,2}),p=(\d{1,2})\$([A-Za-z0-9+/]+)\$([A-Za-z0-9+/]+)$/;

function derive(password: string, salt: Buffer, params: Pick<ScryptParams, 'ln' | 'r' | 'p' | 'keyLength'>): Promise<Buffer> {
  const N = 2 ** params.ln;
  // scrypt needs 128 × N × r bytes (plus a little); allow twice that.
  const maxmem = 256 * N * params.r + 1024 * 1024;
  return new Promise((resolve, reject) =>
    scrypt(password.normalize('NFKC'), salt, params.keyLength, { N, r: params.r, p: params.p, maxmem }, (err, key) =>
      err ? reject(err) : resolve(key),
    ),
  );
}

const b64 = (b: Buffer) => b.toString('base64').replace(/=+$/, '');

/** Hashes a password (NFKC-normalised first, as NIST SP 800-63B recommends) into a PHC string. */
export async function hashPassword(password: string, params: ScryptParams = DEFAULT_SCRYPT): Promise<string> {
  const salt = randomBytes(params.saltLength);
  const key = await derive(password, salt, params);
  return `$scrypt$ln=${params.ln},r=${params.r},p=${params.p}$${b64(salt)}$${b64(key)}`;
}

/** The parameters a stored hash was made with; null when it is not one of ours. */
export function parseHash(stored: string): (Pick<ScryptParams, 'ln' | 'r' | 'p'> & { salt: Buffer; key: Buffer }) | null {
  const m = PHC.exec(stored);
  if (!m) return null;
  const [, ln, r, p, salt, key] = m;
  const parsed = { ln: Number(ln), r: Number(r), p: Number(p), salt: Buffer.from(salt!, 'base64'), key: Buffer.from(key!, 'base64') };
  if (parsed.ln < 1 || parsed.ln > 22 || parsed.r < 1 || parsed.p < 1 || parsed.key.length < 16) return null;
  return parsed;
}

/** True when `password` matches the stored hash (constant-time comparison of the derived keys). */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const parsed = parseHash(stored);
  if (!parsed) return false;
  const key = await derive(password, parsed.salt, { ...parsed, keyLength: parsed.key.length });
  return timingSafeEqual(key, parsed.key);
}

/** True when the stored hash was made with other parameters than `params` (re-hash after a successful sign-in). */
export function needsRehash(stored: string, params: ScryptParams = DEFAULT_SCRYPT): boolean {
  const parsed = parseHash(stored);
  return (
    !parsed ||
    parsed.ln !== params.ln ||
    parsed.r !== params.r ||
    parsed.p !== params.p ||
    parsed.key.length !== params.keyLength ||
    parsed.salt.length !== params.saltLength
  );
}

/** Why a new password is refused, or null when it is acceptable. */
export function passwordProblem(password: string, email?: string | null): string | null {
  const normalised = password.normalize('NFKC');
  const length = [...normalised].length;
  if (length < PASSWORD_MIN_LENGTH) return `Use at least ${PASSWORD_MIN_LENGTH} characters.`;
  if (length > PASSWORD_MAX_LENGTH) return `Use at most ${PASSWORD_MAX_LENGTH} characters.`;
  if (new Set(normalised).size === 1) return 'Use more than one distinct character.';
  if (email && normalised.toLowerCase().includes(email.toLowerCase())) return 'Do not use your email address in your password.';
  return null;
}

/**
 * Verifies against a fixed hash with the current parameters, so that signing in with an unknown email costs as much
 * time as a wrong password (no account enumeration by timing). Always false.
 */
export function dummyVerifier(params: ScryptParams): (password: string) => Promise<false> {
  let dummy: Promise<string> | undefined;
  return async (password) => {
    dummy ??= hashPassword('emporium-dummy-password', params);
    await verifyPassword(password, await dummy);
    return false;
  };
}
