import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigError } from '../config/env.ts';

/** One signing purpose: user access tokens or service-to-service tokens. */
export type KeyPurpose = 'access' | 'service';

/** An Ed25519 key pair (the private half is absent where a process only verifies). */
export interface KeyPair {
  kid: string;
  publicKey: KeyObject;
  privateKey?: KeyObject;
}

export interface Keys {
  access: KeyPair;
  service: KeyPair;
}

/**
 * Loads the EdDSA keys. PEMs come from `AUTH_<PURPOSE>_PRIVATE_KEY` / `AUTH_<PURPOSE>_PUBLIC_KEY` (contents, not paths)
 * when set; otherwise from `<keysDir>/<purpose>.{private,public}.pem`, generated there on first use (embedded mode).
 */
export function loadKeys(opts: { keysDir: string; env?: Record<string, string | undefined>; generate?: boolean }): Keys {
  const env = opts.env ?? process.env;
  const load = (purpose: KeyPurpose): KeyPair => {
    const up = purpose.toUpperCase();
    const privPem = env[`AUTH_${up}_PRIVATE_KEY`];
    const pubPem = env[`AUTH_${up}_PUBLIC_KEY`];
    if (privPem || pubPem) return fromPem(purpose, privPem, pubPem);
    const privFile = join(opts.keysDir, `${purpose}.private.pem`);
    const pubFile = join(opts.keysDir, `${purpose}.public.pem`);
    if (!existsSync(pubFile)) {
      if (opts.generate === false) {
        throw new ConfigError(`No ${purpose} key: set AUTH_${up}_PUBLIC_KEY or put ${pubFile} in place.`);
      }
      generateInto(privFile, pubFile);
    }
    return fromPem(purpose, existsSync(privFile) ? readFileSync(privFile, 'utf8') : undefined, readFileSync(pubFile, 'utf8'));
  };
  return { access: load('access'), service: load('service') };
}

function fromPem(purpose: KeyPurpose, privPem: string | undefined, pubPem: string | undefined): KeyPair {
  try {
    const privateKey = privPem ? createPrivateKey(privPem) : undefined;
    const publicKey = pubPem ? createPublicKey(pubPem) : privateKey ? createPublicKey(privateKey) : undefined;
    if (!publicKey) throw new Error('no key');
    if (publicKey.asymmetricKeyType !== 'ed25519') throw new Error(`expected an Ed25519 key, got ${publicKey.asymmetricKeyType}`);
    return { kid: keyId(publicKey), publicKey, ...(privateKey ? { privateKey } : {}) };
  } catch (err) {
    throw new ConfigError(`The ${purpose} key is not a usable Ed25519 PEM key (${(err as Error).message}).`);
  }
}

/** A short stable key id (thumbprint of the public key) carried in the JWT header as `kid`. */
export function keyId(publicKey: KeyObject): string {
  const der = publicKey.export({ type: 'spki', format: 'der' });
  return createHash('sha256').update(der).digest('base64url').slice(0, 16);
}

function generateInto(privFile: string, pubFile: string): void {
  mkdirSync(join(privFile, '..'), { recursive: true, mode: 0o700 });
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  const suffix = `.${process.pid}.${Date.now()}.tmp`;
  writeFileSync(privFile + suffix, privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600 });
  writeFileSync(pubFile + suffix, publicKey.export({ type: 'spki', format: 'pem' }));
  // Another process may have generated the pair meanwhile: the first complete pair wins.
  if (existsSync(pubFile)) {
    rmSync(privFile + suffix, { force: true });
    rmSync(pubFile + suffix, { force: true });
    return;
  }
  renameSync(privFile + suffix, privFile);
  renameSync(pubFile + suffix, pubFile);
}
