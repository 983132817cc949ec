import { lookup as dnsLookup } from 'node:dns/promises';
import http, { type IncomingHttpHeaders } from 'node:http';
import https from 'node:https';
import { isIP, type LookupFunction } from 'node:net';
import { gunzip } from 'node:zlib';
import { promisify } from 'node:util';
import { blockedAddressKind } from './address.ts';

const gunzipAsync = promisify(gunzip);

/** A resolved address of a host name. */
export interface ResolvedAddress {
  address: string;
  family: 4 | 6;
}

/** Resolves a host name to every address it has (the system resolver by default; tests inject their own). */
export type Resolver = (hostname: string) => Promise<ResolvedAddress[]>;

/** The system resolver: every address `getaddrinfo` returns, in its order. */
export const systemResolver: Resolver = async (hostname) =>
  (await dnsLookup(hostname, { all: true, verbatim: true })).map((a) => ({ address: a.address, family: a.family === 6 ? 6 : 4 }));

/** Why a fetch failed; `retryable` says whether another attempt can help. */
export type FetchErrorKind = 'refused' | 'badUrl' | 'dns' | 'network' | 'timeout' | 'http' | 'tooLarge' | 'aborted';

/** A failed feed fetch. */
export class FeedFetchError extends Error {
  constructor(
    readonly kind: FetchErrorKind,
    message: string,
    readonly retryable: boolean,
    readonly status?: number,
    /** From a Retry-After header (429/503), in ms. */
    readonly retryAfterMs?: number,
  ) {
    super(message);
    this.name = 'FeedFetchError';
  }
}

/** Options of {@link fetchFeedOnce}. */
export interface FetchOptions {
  /** Skip the address check (the merchant is explicitly allow-listed); the resolved address is still pinned. */
  allowPrivateNetwork: boolean;
  resolver?: Resolver;
  /** Whole request (connect, headers and body) must finish within this many ms. */
  timeoutMs: number;
  /** Largest body accepted (after decompression), in bytes. */
  maxBytes: number;
  /** Redirects followed (each hop checked and pinned again). */
  maxRedirects?: number;
  signal?: AbortSignal;
  userAgent?: string;
}

/** A fetched feed body. */
export interface FetchedBody {
  body: Buffer;
  contentType: string | null;
  /** The URL that answered (after redirects) and the address it was fetched from. */
  url: string;
  address: string;
}

/**
 * Resolves the host of `url` and checks EVERY address it resolves to: any private, loopback, link-local, multicast
 * or reserved address refuses the fetch (unless allow-listed). Returns the address to pin the request to.
 */
export async function resolveTarget(url: URL, allowPrivateNetwork: boolean, resolver: Resolver): Promise<ResolvedAddress> {
  const host = url.hostname.startsWith('[') ? url.hostname.slice(1, -1) : url.hostname;
  let addresses: ResolvedAddress[];
  const literal = isIP(host);
  if (literal) addresses = [{ address: host, family: literal === 6 ? 6 : 4 }];
  else {
    try {
      addresses = await resolver(host);
    } catch (err) {
      throw new FeedFetchError('dns', `could not resolve ${host}: ${(err as Error).message}`, true);
    }
    if (addresses.length === 0) throw new FeedFetchError('dns', `${host} has no address`, true);
  }
  if (!allowPrivateNetwork) {
    for (const a of addresses) {
      const kind = blockedAddressKind(a.address);
      if (kind) {
        throw new FeedFetchError(
          'refused',
          `${host} resolves to ${a.address} (${kind}); feeds on private, loopback and link-local addresses need an allow-listed merchant`,
          false,
        );
      }
    }
  }
  return addresses[0]!;
}

/** A `lookup` for http.request that answers every lookup with the already-checked address (no second DNS query). */
function pinnedLookup(pinned: ResolvedAddress): LookupFunction {
  return ((_hostname: string, options: { all?: boolean }, callback: (...args: unknown[]) => void) => {
    if (options?.all) callback(null, [{ address: pinned.address, family: pinned.family }]);
    else callback(null, pinned.address, pinned.family);
  }) as LookupFunction;
}

function retryAfter(headers: IncomingHttpHeaders): number | undefined {
  const v = headers['retry-after'];
  if (!v) return undefined;
  const s = Number(v);
  if (Number.isFinite(s)) return Math.max(0, s * 1000);
  const at = Date.parse(v);
  return Number.isNaN(at) ? undefined : Math.max(0, at - Date.now());
}

/** One HTTP GET to a pinned address; resolves with status, headers and the (size-limited) raw body. */
function requestOnce(url: URL, pinned: ResolvedAddress, opts: FetchOptions, deadline: number): Promise<{ status: number; headers: IncomingHttpHeaders; body: Buffer }> {
  return new Promise((resolve, reject) => {
    const remaining = deadline - Date.now();
    if (remaining <= 0) return reject(new FeedFetchError('timeout', `timed out after ${opts.timeoutMs} ms`, true));
    const client = url.protocol === 'https:' ? https : http;
    const host = url.hostname.startsWith('[') ? url.hostname.slice(1, -1) : url.hostname;
    let settled = false;
    const fail = (err: FeedFetchError) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      opts.signal?.removeEventListener('abort', onAbort);
      req.destroy();
      reject(err);
    };
    const onAbort = () => fail(new FeedFetchError('aborted', 'the run was stopped', false));
    const req = client.request(
      {
        protocol: url.protocol,
        hostname: host,
        port: url.port || undefined,
        path: `${url.pathname}${url.search}`,
        method: 'GET',
        lookup: pinnedLookup(pinned),
        ...(url.protocol === 'https:' && !isIP(host) ? { servername: host } : {}),
        agent: false,
        headers: { host: url.host, accept: 'application/x-ndjson, application/jsonl, text/csv, */*;q=0.5', 'accept-encoding': 'gzip', 'user-agent': opts.userAgent ?? 'EmporiumDealBot/1.0' },
      },
      (res) => {
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (size > opts.maxBytes) fail(new FeedFetchError('tooLarge', `feed is larger than ${opts.maxBytes} bytes`, false));
          else chunks.push(chunk);
        });
        res.on('error', (err) => fail(new FeedFetchError('network', err.message, true)));
        res.on('end', () => {
          if (settled) return;
          settled = true;
          clearTimeout(timer);
          opts.signal?.removeEventListener('abort', onAbort);
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) });
        });
      },
    );
    // Listen for errors before anything can destroy the request: destroying it (a run stopped before this fetch
    // started, a timeout) emits 'error' ("socket hang up"), which would otherwise be an uncaught exception.
    req.on('error', (err) => fail(new FeedFetchError('network', err.message, true)));
    const timer = setTimeout(() => fail(new FeedFetchError('timeout', `timed out after ${opts.timeoutMs} ms`, true)), remaining);
    if (opts.signal?.aborted) return onAbort();
    opts.signal?.addEventListener('abort', onAbort, { once: true });
    req.end();
  });
}

/**
 * Fetches a feed URL once (no retries): http(s) only, host resolved and checked BEFORE connecting, the connection
 * pinned to the checked address (so a second DNS answer cannot point it elsewhere), redirects followed up to
 * `maxRedirects` with every hop checked again, gzip decoded, body size and total time bounded.
 */
export async function fetchFeedOnce(rawUrl: string, opts: FetchOptions): Promise<FetchedBody> {
  const resolver = opts.resolver ?? systemResolver;
  const deadline = Date.now() + opts.timeoutMs;
  let url: URL;
  try {
    url = new URL(rawUrl);
  } catch {
    throw new FeedFetchError('badUrl', `"${rawUrl}" is not a URL`, false);
  }
  for (let hop = 0; ; hop++) {
    if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new FeedFetchError('badUrl', `only http and https feeds are fetched, got ${url.protocol}`, false);
    if (url.username || url.password) throw new FeedFetchError('badUrl', 'feed URLs may not carry credentials', false);
    const pinned = await resolveTarget(url, opts.allowPrivateNetwork, resolver);
    const res = await requestOnce(url, pinned, opts, deadline);
    if ([301, 302, 303, 307, 308].includes(res.status) && res.headers.location) {
      if (hop >= (opts.maxRedirects ?? 3)) throw new FeedFetchError('http', `more than ${opts.maxRedirects ?? 3} redirects`, false, res.status);
      url = new URL(res.headers.location, url);
      continue;
    }
    if (res.status < 200 || res.status >= 300) {
      const retryable = res.status === 408 || res.status === 425 || res.status === 429 || res.status >= 500;
      throw new FeedFetchError('http', `HTTP ${res.status}`, retryable, res.status, retryAfter(res.headers));
    }
    let body = res.body;
    if (String(res.headers['content-encoding'] ?? '').toLowerCase() === 'gzip') {
      try {
        body = await gunzipAsync(body, { maxOutputLength: opts.maxBytes });
      } catch (err) {
        const tooLarge = (err as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE';
        throw new FeedFetchError(tooLarge ? 'tooLarge' : 'network', tooLarge ? `feed is larger than ${opts.maxBytes} bytes` : 'invalid gzip body', false);
      }
    }
    const ct = res.headers['content-type'];
    return { body, contentType: typeof ct === 'string' ? ct : null, url: url.toString(), address: pinned.address };
  }
}
