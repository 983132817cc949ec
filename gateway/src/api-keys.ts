import { createHash } from 'node:crypto';
import { createServiceClient, type Cache } from '@emporium/kit';

/** A partner API key the user subgraph vouched for (ACTIVE at lookup time). */
export interface PartnerKey {
  id: string;
  name: string;
  scopes: string[];
  /** The key may run only registered (safelisted) operations. */
  registeredOperationsOnly: boolean;
  ownerId: string | null;
  /** Epoch ms after which the key is expired, or null. */
  expiresAt: number | null;
}

/** What a lookup by hash found: an active key, a refused one (and why), or nothing. */
export type KeyLookup = { status: 'ACTIVE'; key: PartnerKey } | { status: 'REVOKED' | 'EXPIRED' | 'UNKNOWN' };

/** Keys as the user subgraph issues them: `emp_<8 hex>_<43 base64url>`. Anything else is refused without a lookup. */
const KEY_FORMAT = /^emp_[0-9a-f]{8}_[A-Za-z0-9_-]{43}$/;

/** The hex SHA-256 of a key, which is all the user subgraph stores. */
export const hashApiKey = (key: string) => createHash('sha256').update(key).digest('hex');

/** Looks a key hash up in the user subgraph (`apiKeyByHash`, service-only and hidden from the supergraph). */
export function userSubgraphKeyLookup(opts: { url: string; serviceToken: () => Promise<string>; timeoutMs?: number }) {
  const client = createServiceClient({ service: 'gateway', token: opts.serviceToken, urlOf: () => opts.url, timeoutMs: opts.timeoutMs ?? 2000 });
  type Row = { id: string; name: string; scopes: string[]; status: 'ACTIVE' | 'REVOKED' | 'EXPIRED'; registeredOperationsOnly: boolean; owner: { id: string } | null; expiresAt: string | null };
  return async (hash: string): Promise<KeyLookup> => {
    const data = await client.request<{ apiKeyByHash: Row | null }>(
      'user',
      'query ApiKeyByHash($hash: String!) { apiKeyByHash(hash: $hash) { id name scopes status registeredOperationsOnly owner { id } expiresAt } }',
      { hash },
    );
    const row = data.apiKeyByHash;
    if (!row) return { status: 'UNKNOWN' };
    if (row.status !== 'ACTIVE') return { status: row.status };
    return {
      status: 'ACTIVE',
      key: {
        id: row.id,
        name: row.name,
        scopes: row.scopes,
        registeredOperationsOnly: row.registeredOperationsOnly,
        ownerId: row.owner?.id ?? null,
        expiresAt: row.expiresAt ? Date.parse(row.expiresAt) : null,
      },
    };
  };
}

export interface ApiKeyVerifierOptions {
  lookup: (hash: string) => Promise<KeyLookup>;
  /** This process's cache (an in-memory LRU). */
  local: Cache;
  /** A cache shared by every gateway replica (Redis), if any. */
  shared?: Cache | undefined;
  /** How long a lookup result is trusted: the bound on how late a revocation takes effect (default 30 s). */
  ttlMs?: number;
  now?: () => number;
}

type Entry = { result: KeyLookup; until: number };

/**
 * Verifies partner API keys with a two-level cache (this process, then Redis when present) in front of the user
 * subgraph, so a key costs a round trip only once per `ttlMs` (per gateway fleet with Redis) and concurrent requests
 * with the same key share one lookup. Every result, including "unknown", is kept for at most `ttlMs` — so a revoked
 * key stops working within `ttlMs` — and never past the key's own expiry.
 */
export function createApiKeyVerifier(opts: ApiKeyVerifierOptions) {
  const ttlMs = opts.ttlMs ?? 30_000;
  const now = opts.now ?? Date.now;
  const inflight = new Map<string, Promise<KeyLookup>>();

  const fresh = (e: Entry | undefined): e is Entry => e !== undefined && e.until > now();
  const store = async (hash: string, result: KeyLookup, until: number) => {
    const ttlSeconds = (until - now()) / 1000;
    await opts.local.set(hash, { result, until }, ttlSeconds);
  };

  async function resolve(hash: string): Promise<KeyLookup> {
    const shared = await opts.shared?.get<Entry>(hash);
    if (fresh(shared)) {
      await store(hash, shared.result, shared.until);
      return shared.result;
    }
    const result = await opts.lookup(hash);
    let until = now() + ttlMs;
    if (result.status === 'ACTIVE' && result.key.expiresAt !== null) until = Math.min(until, result.key.expiresAt);
    await store(hash, result, until);
    await opts.shared?.set(hash, { result, until }, (until - now()) / 1000);
    return result;
  }

  return {
    /** The key's lookup result; throws (DOWNSTREAM_SERVICE_ERROR) only when the user subgraph cannot be asked. */
    async verify(key: string): Promise<KeyLookup> {
      if (!KEY_FORMAT.test(key)) return { status: 'UNKNOWN' };
      const hash = hashApiKey(key);
      const cached = await opts.local.get<Entry>(hash);
      if (fresh(cached)) return cached.result;
      let pending = inflight.get(hash);
      if (!pending) {
        pending = resolve(hash).finally(() => inflight.delete(hash));
        inflight.set(hash, pending);
      }
      return pending;
    },
  };
}
export type ApiKeyVerifier = ReturnType<typeof createApiKeyVerifier>;
