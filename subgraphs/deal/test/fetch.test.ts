import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FeedFetchError, fetchFeedOnce, resolveTarget, type Resolver } from '../src/feeds/http.ts';

/** A local HTTP server answering by path; it records what it received. */
let server: Server;
let port: number;
const seen: { path: string; headers: IncomingHttpHeaders }[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    seen.push({ path: req.url ?? '', headers: req.headers });
    switch (req.url) {
      case '/feed':
        res.writeHead(200, { 'content-type': 'application/x-ndjson' });
        return res.end('{"id":"1"}\n');
      case '/gzip':
        res.writeHead(200, { 'content-type': 'text/csv', 'content-encoding': 'gzip' });
        return res.end(gzipSync('id,title\n1,hello\n'));
      case '/big':
        res.writeHead(200);
        return res.end('x'.repeat(5000));
      case '/redirect':
        res.writeHead(302, { location: '/feed' });
        return res.end();
      case '/loop':
        res.writeHead(302, { location: '/loop' });
        return res.end();
      case '/busy':
        res.writeHead(429, { 'retry-after': '2' });
        return res.end();
      case '/missing':
        res.writeHead(404);
        return res.end();
      case '/hang':
        return; // never answers
      default:
        res.writeHead(500);
        return res.end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
});

const opts = { allowPrivateNetwork: true, timeoutMs: 5000, maxBytes: 1_000_000 };
const fail = async (p: Promise<unknown>) => {
  try {
    await p;
  } catch (err) {
    return err as FeedFetchError;
  }
  throw new Error('expected the fetch to fail');
};

describe('fetchFeedOnce: address checks', () => {
  it('refuses a loopback feed unless the merchant is allow-listed, without sending a request', async () => {
    const before = seen.length;
    const err = await fail(fetchFeedOnce(`http://127.0.0.1:${port}/feed`, { ...opts, allowPrivateNetwork: false }));
    expect(err).toBeInstanceOf(FeedFetchError);
    expect(err).toMatchObject({ kind: 'refused', retryable: false });
    expect(err.message).toContain('127.0.0.1 (loopback)');
    expect(seen.length).toBe(before);
    const ok = await fetchFeedOnce(`http://127.0.0.1:${port}/feed`, opts);
    expect(ok.body.toString()).toBe('{"id":"1"}\n');
    expect(seen.length).toBe(before + 1);
  });

  it('resolves host names first and refuses when ANY address is private', async () => {
    const mixed: Resolver = async () => [
      { address: '93.184.216.34', family: 4 },
      { address: '10.0.0.7', family: 4 },
    ];
    const err = await fail(resolveTarget(new URL('https://feeds.shop.test/x'), false, mixed));
    expect(err).toMatchObject({ kind: 'refused' });
    expect(err.message).toContain('10.0.0.7 (private)');
    const v6: Resolver = async () => [{ address: '::ffff:169.254.169.254', family: 6 }];
    expect(await fail(resolveTarget(new URL('http://metadata.test/'), false, v6))).toMatchObject({ kind: 'refused' });
    expect(await resolveTarget(new URL('http://public.test/'), false, async () => [{ address: '93.184.216.34', family: 4 }])).toEqual({ address: '93.184.216.34', family: 4 });
    // The system resolver: 'localhost' is loopback.
    expect(await fail(fetchFeedOnce(`http://localhost:${port}/feed`, { ...opts, allowPrivateNetwork: false }))).toMatchObject({ kind: 'refused' });
  });

  it('pins the connection to the checked address: the host name is never resolved again', async () => {
    let lookups = 0;
    const resolver: Resolver = async (host) => {
      lookups++;
      expect(host).toBe('feeds.merchant.test'); // not a real name: only the pinned address can reach the server
      return [{ address: '127.0.0.1', family: 4 }];
    };
    const res = await fetchFeedOnce(`http://feeds.merchant.test:${port}/feed`, { ...opts, resolver });
    expect(res).toMatchObject({ address: '127.0.0.1', url: `http://feeds.merchant.test:${port}/feed` });
    expect(lookups).toBe(1);
    expect(seen.at(-1)?.headers.host).toBe(`feeds.merchant.test:${port}`);
  });

  it('refuses non-http schemes and URLs with credentials', async () => {
    expect(await fail(fetchFeedOnce('ftp://127.0.0.1/feed', opts))).toMatchObject({ kind: 'badUrl' });
    expect(await fail(fetchFeedOnce('file:///etc/passwd', opts))).toMatchObject({ kind: 'badUrl' });
    expect(await fail(fetchFeedOnce(`http://u:p@127.0.0.1:${port}/feed`, opts))).toMatchObject({ kind: 'badUrl' });
    expect(await fail(fetchFeedOnce('not a url', opts))).toMatchObject({ kind: 'badUrl' });
  });
});

describe('fetchFeedOnce: responses', () => {
  it('follows redirects (checked again) and gives up after the limit', async () => {
    const res = await fetchFeedOnce(`http://127.0.0.1:${port}/redirect`, opts);
    expect(res.url).toBe(`http://127.0.0.1:${port}/feed`);
    expect(await fail(fetchFeedOnce(`http://127.0.0.1:${port}/loop`, opts))).toMatchObject({ kind: 'http', retryable: false });
  });

  it('decodes gzip and reports the content type', async () => {
    const res = await fetchFeedOnce(`http://127.0.0.1:${port}/gzip`, opts);
    expect(res.body.toString()).toBe('id,title\n1,hello\n');
    expect(res.contentType).toBe('text/csv');
  });

  it('classifies failures: 5xx and 429 are retryable (with Retry-After), 404 is not, size and time are bounded', async () => {
    expect(await fail(fetchFeedOnce(`http://127.0.0.1:${port}/error`, opts))).toMatchObject({ kind: 'http', status: 500, retryable: true });
    expect(await fail(fetchFeedOnce(`http://127.0.0.1:${port}/busy`, opts))).toMatchObject({ kind: 'http', status: 429, retryable: true, retryAfterMs: 2000 });
    expect(await fail(fetchFeedOnce(`http://127.0.0.1:${port}/missing`, opts))).toMatchObject({ kind: 'http', status: 404, retryable: false });
    expect(await fail(fetchFeedOnce(`http://127.0.0.1:${port}/big`, { ...opts, maxBytes: 1000 }))).toMatchObject({ kind: 'tooLarge', retryable: false });
    expect(await fail(fetchFeedOnce(`http://127.0.0.1:${port}/hang`, { ...opts, timeoutMs: 300 }))).toMatchObject({ kind: 'timeout', retryable: true });
  });

  it('stops when the signal aborts', async () => {
    const ac = new AbortController();
    const p = fetchFeedOnce(`http://127.0.0.1:${port}/hang`, { ...opts, signal: ac.signal });
    setTimeout(() => ac.abort(), 50);
    expect(await fail(p)).toMatchObject({ kind: 'aborted', retryable: false });
  });

  it('refuses at once when the run was already stopped, without an uncaught "socket hang up"', async () => {
    const uncaught: unknown[] = [];
    const record = (err: unknown) => uncaught.push(err);
    process.on('uncaughtException', record);
    try {
      const ac = new AbortController();
      ac.abort();
      expect(await fail(fetchFeedOnce(`http://127.0.0.1:${port}/hang`, { ...opts, signal: ac.signal }))).toMatchObject({ kind: 'aborted' });
      // The destroyed request reports its error on a later tick.
      await new Promise((r) => setTimeout(r, 100));
      expect(uncaught).toEqual([]);
    } finally {
      process.off('uncaughtException', record);
    }
  });
});
