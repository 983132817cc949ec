import { describe, expect, it } from 'vitest';
import { blockedAddressKind, embeddedIpv4, ipv6Words } from '../src/feeds/address.ts';
import { detectFormat, parseFeed } from '../src/feeds/parse.ts';
import { contentHash } from '../src/feeds/store.ts';
import { MerchantRateLimiter, Semaphore, backoffDelay, withRetries, type Timer } from '../src/feeds/throttle.ts';
import { isGtin } from '@emporium/kit';
import { checkRow, exactDiscount, parsePrice, statedDiscountIn } from '../src/feeds/validate.ts';
import { gtinForStockCode } from '@emporium/retail-data';
import { gtinFor, merchantRows, renderFeed, rewordTitle, prng, simProductsFromRetail, DEFAULT_PROFILES, type SimProduct } from '../src/simulator/generate.ts';
import { testProduct } from './fixtures.ts';

describe('blockedAddressKind', () => {
  it.each([
    ['127.0.0.1', 'loopback'],
    ['127.255.0.9', 'loopback'],
    ['10.1.2.3', 'private'],
    ['172.16.0.1', 'private'],
    ['172.31.255.255', 'private'],
    ['192.168.1.1', 'private'],
    ['100.64.0.1', 'private'],
    ['169.254.169.254', 'link-local'],
    ['0.0.0.0', 'unspecified'],
    ['224.0.0.1', 'multicast'],
    ['255.255.255.255', 'reserved'],
    ['192.0.2.10', 'reserved'],
    ['::1', 'loopback'],
    ['::', 'unspecified'],
    ['fe80::1', 'link-local'],
    ['fe80::1%eth0', 'link-local'],
    ['fd12:3456::1', 'private'],
    ['ff02::1', 'multicast'],
    ['2001:db8::1', 'reserved'],
    ['::ffff:127.0.0.1', 'loopback'],
    ['::ffff:7f00:1', 'loopback'],
    ['::ffff:10.0.0.1', 'private'],
    ['64:ff9b::a9fe:a9fe', 'link-local'],
    ['2002:c0a8:0101::1', 'private'],
    ['not-an-ip', 'reserved'],
  ])('%s is %s', (address, kind) => {
    expect(blockedAddressKind(address)).toBe(kind);
  });

  it.each(['8.8.8.8', '1.1.1.1', '172.32.0.1', '100.128.0.1', '2001:4860:4860::8888', '::ffff:8.8.8.8', '2a00:1450:4009:81f::200e'])('%s is public', (address) => {
    expect(blockedAddressKind(address)).toBeNull();
  });

  it('parses IPv6 words and embedded IPv4 addresses', () => {
    expect(ipv6Words('1::2:3')).toEqual([1, 0, 0, 0, 0, 0, 2, 3]);
    expect(ipv6Words('::ffff:1.2.3.4')).toEqual([0, 0, 0, 0, 0, 0xffff, 0x0102, 0x0304]);
    expect(ipv6Words('1:2:3')).toBeNull();
    expect(ipv6Words('1::2::3')).toBeNull();
    expect(embeddedIpv4('::ffff:192.168.0.1')).toBe('192.168.0.1');
    expect(embeddedIpv4('2001:4860::1')).toBeNull();
  });
});

/** A timer whose clock only moves when someone sleeps: waits are recorded, no real time passes. */
function fakeTimer(): Timer & { sleeps: number[] } {
  let t = 0;
  const sleeps: number[] = [];
  return {
    sleeps,
    now: () => t,
    sleep: async (ms) => {
      sleeps.push(ms);
      t += ms;
    },
  };
}

describe('throttling', () => {
  it('Semaphore never runs more than max tasks at once and runs them all', async () => {
    const sem = new Semaphore(3);
    let active = 0;
    let peak = 0;
    const done = await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        sem.run(async () => {
          active++;
          peak = Math.max(peak, active);
          await new Promise((r) => setImmediate(r));
          active--;
          return i;
        }),
      ),
    );
    expect(done).toEqual(Array.from({ length: 12 }, (_, i) => i));
    expect(peak).toBe(3);
    expect(sem.inFlight).toBe(0);
  });

  it('MerchantRateLimiter spaces request starts per merchant, independently across merchants', async () => {
    const timer = fakeTimer();
    const limiter = new MerchantRateLimiter(timer);
    // 120/min = one request every 500 ms for merchant a; b is separate.
    expect(await limiter.acquire('a', 120)).toBe(0);
    expect(await limiter.acquire('b', 120)).toBe(0);
    expect(await limiter.acquire('a', 120)).toBe(500);
    expect(await limiter.acquire('a', 120)).toBe(500);
    expect(timer.now()).toBe(1000);
    expect(await limiter.acquire('b', 120)).toBe(0); // b's slot (500) is already in the past at t=1000
  });

  it('backoffDelay is full jitter under an exponential ceiling; Retry-After is a lower bound', () => {
    const policy = { attempts: 5, baseDelayMs: 100, maxDelayMs: 1000 };
    expect([1, 2, 3, 4, 5].map((n) => backoffDelay(n, { ...policy, random: () => 0.999999 }))).toEqual([99, 199, 399, 799, 999]);
    expect(backoffDelay(3, { ...policy, random: () => 0 })).toBe(0);
    expect(backoffDelay(1, { ...policy, random: () => 0.5 }, 700)).toBe(700);
    expect(backoffDelay(1, { ...policy, random: () => 0.5 }, 60_000)).toBe(1000);
  });

  it('withRetries retries retryable errors with backoff, stops on a permanent one or after the last attempt', async () => {
    const timer = fakeTimer();
    const policy = { attempts: 4, baseDelayMs: 100, maxDelayMs: 10_000, random: () => 0.5 };
    let calls = 0;
    const ok = await withRetries(async () => (++calls < 3 ? Promise.reject(new Error('flaky')) : 'done'), policy, () => ({ retryable: true }), { timer });
    expect(ok).toEqual({ value: 'done', attempts: 3 });
    expect(timer.sleeps).toEqual([50, 100]);

    calls = 0;
    await expect(withRetries(async () => Promise.reject(new Error(`no ${++calls}`)), policy, () => ({ retryable: false }), { timer })).rejects.toThrow('no 1');
    calls = 0;
    await expect(withRetries(async () => Promise.reject(new Error(`down ${++calls}`)), policy, () => ({ retryable: true }), { timer })).rejects.toMatchObject({ message: 'down 4', attempts: 4 });
  });
});

describe('parseFeed', () => {
  it('reads JSON Lines, marking lines that are not JSON objects', async () => {
    expect(await parseFeed('{"id":"a"}\n\n[1]\n{broken\n{"id":"b"}\n', 'jsonl')).toEqual([
      { line: 1, record: { id: 'a' } },
      { line: 3, error: 'not a JSON object' },
      { line: 4, error: 'invalid JSON' },
      { line: 5, record: { id: 'b' } },
    ]);
  });

  it('reads CSV with a header and quoting, marking records with the wrong number of fields', async () => {
    const rows = await parseFeed('\ufeffid, title ,price\r\n1,"Hello, ""world""",2.50\n2,only two\n3,"multi\nline",4\n', 'csv');
    expect(rows).toEqual([
      { line: 2, record: { id: '1', title: 'Hello, "world"', price: '2.50' } },
      { line: 3, error: 'wrong number of fields' },
      { line: 5, record: { id: '3', title: 'multi\nline', price: '4' } },
    ]);
  });

  it('reads a CSV body larger than one parser chunk, with rows across chunk boundaries', async () => {
    const lines = ['id,title,price', ...Array.from({ length: 4000 }, (_, i) => `${i},"Row number ${i}, a ${'long '.repeat(10)}title",${i}.99`)];
    const rows = await parseFeed(lines.join('\r\n'), 'csv');
    expect(rows).toHaveLength(4000);
    expect(rows.every((r, i) => r.line === i + 2 && r.record?.id === String(i) && r.record.price === `${i}.99`)).toBe(true);
  });

  it('detects the format from the setting, the content type, then the first character', () => {
    expect(detectFormat('csv', 'application/json', '{')).toBe('csv');
    expect(detectFormat('auto', 'text/csv; charset=utf-8', '{')).toBe('csv');
    expect(detectFormat('auto', 'application/x-ndjson', 'id,title')).toBe('jsonl');
    expect(detectFormat('auto', 'text/plain', '  \n{"id":1}')).toBe('jsonl');
    expect(detectFormat('auto', null, 'id,title')).toBe('csv');
  });
});

const NOW = new Date('2026-11-21T12:00:00Z');
const good = {
  id: 'A-1',
  title: 'Retro heart tealight holder',
  description: 'A white metal tealight holder.',
  brand: 'Acme',
  gtin: '5012345678900',
  category: 'Home > Candles',
  price: '7.50',
  originalPrice: '10.00',
  currency: 'GBP',
  url: 'https://shop.example/a-1',
  couponCode: 'SAVE',
  terms: 'While stocks last',
  expiresAt: '2026-12-01T00:00:00Z',
  imageUrl: 'https://shop.example/a-1.jpg',
};

describe('checkRow', () => {
  it('accepts a complete row and converts prices to minor units exactly', () => {
    const r = checkRow(good, { reputation: 0.9, now: NOW });
    expect(r.reasons).toEqual([]);
    expect(r.expired).toBe(false);
    expect(r.offer).toMatchObject({ externalId: 'A-1', priceAmount: 750, originalAmount: 1000, currency: 'GBP', gtin: '5012345678900', statedDiscount: null, expiresAt: new Date('2026-12-01T00:00:00Z') });
  });

  it('matches field names ignoring case and separators, and takes numbers from JSON', () => {
    const r = checkRow({ ...good, price: 7.5, originalPrice: undefined, original_price: 10, 'Expires At': '2026-12-01' }, { reputation: 0.9, now: NOW });
    expect(r.reasons).toEqual([]);
    expect(r.offer).toMatchObject({ priceAmount: 750, originalAmount: 1000, expiresAt: new Date('2026-12-01T23:59:59.999Z') });
  });

  it.each<[string, Record<string, unknown>, number, string[]]>([
    ['no id', { id: '' }, 0.9, ['missingField']],
    ['no url and no currency', { url: '', currency: null }, 0.9, ['missingField']],
    ['a short title', { title: 'Holder' }, 0.9, ['shortTitle']],
    ['an empty description', { description: '  ' }, 0.9, ['missingDescription']],
    ['a zero price', { price: '0.00' }, 0.9, ['nonPositivePrice']],
    ['a negative original price', { originalPrice: '-10' }, 0.9, ['nonPositivePrice']],
    ['no saving', { price: '10.00' }, 0.9, ['noSaving']],
    ['a stated discount 6 points off', { title: 'Retro holder - 31% off' }, 0.9, ['discountMismatch']],
    ['an explicit discount field that is wrong', { discountPercent: '50%' }, 0.9, ['discountMismatch']],
    ['a low merchant reputation', {}, 0.59, ['lowReputation']],
    ['a bad currency', { currency: 'POUNDS' }, 0.9, ['invalidField']],
    ['a bad price', { price: '7,50' }, 0.9, ['invalidField']],
    ['a non-http url', { url: 'javascript:alert(1)' }, 0.9, ['invalidField']],
    ['a bad GTIN check digit', { gtin: '5012345678901' }, 0.9, ['invalidField']],
    ['a bad date', { expiresAt: 'next week' }, 0.9, ['invalidField']],
    ['an object where text belongs', { title: { en: 'x' } }, 0.9, ['invalidField']],
    ['several faults', { title: 'Short', description: '', price: '0' }, 0.5, ['nonPositivePrice', 'shortTitle', 'missingDescription', 'lowReputation']],
  ])('rejects %s', (_label, change, reputation, reasons) => {
    const r = checkRow({ ...good, ...change }, { reputation, now: NOW });
    expect(r.offer).toBeNull();
    expect(r.reasons).toEqual(reasons);
    expect(r.details).toHaveLength(r.details.length);
    expect(r.details.every((d) => reasons.some((reason) => d.startsWith(reason)))).toBe(true);
  });

  it('accepts a stated discount within 5 points of the computed one (25% computed)', () => {
    for (const title of ['Retro holder - 25% off', 'Retro holder, save 30%', 'Retro holder -20%', 'Retro holder: up to 70% off']) {
      expect(checkRow({ ...good, title }, { reputation: 0.6, now: NOW }).reasons).toEqual([]);
    }
  });

  it('marks a valid row whose expiry has passed as expired', () => {
    const r = checkRow({ ...good, expiresAt: '2026-11-21T12:00:00Z' }, { reputation: 0.9, now: NOW });
    expect(r.reasons).toEqual([]);
    expect(r.expired).toBe(true);
  });

  it('helpers: prices, discounts, GTINs', () => {
    expect(parsePrice('£12.99', 'GBP')).toBe(1299);
    expect(parsePrice('12.99 GBP', 'GBP')).toBe(1299);
    expect(parsePrice('1200', 'JPY')).toBe(1200);
    expect(parsePrice('1.2345', 'KWD')).toBe(1235);
    expect(parsePrice('-3', 'GBP')).toBe(-300);
    expect(parsePrice('1e3', 'GBP')).toBeNull();
    expect(exactDiscount(750, 1000)).toBe(25);
    expect(statedDiscountIn('Mega SALE 40% OFF today')).toBe(40);
    expect(statedDiscountIn('Save 15.5% now')).toBe(15.5);
    expect(statedDiscountIn('Up to 70% off everything')).toBeNull();
    expect(statedDiscountIn('100% cotton')).toBeNull();
    expect(isGtin('5012345678900')).toBe(true);
    expect(isGtin('96385074')).toBe(true);
    expect(isGtin('96385075')).toBe(false);
  });
});

describe('contentHash', () => {
  it('ignores key order and sees every value change', () => {
    expect(contentHash({ a: 1, b: 'x' })).toBe(contentHash({ b: 'x', a: 1 }));
    expect(contentHash({ a: 1, b: 'x' })).not.toBe(contentHash({ a: 1, b: 'y' }));
    expect(contentHash({ a: '1' })).not.toBe(contentHash({ a: 1 }));
  });
});

describe('simulator data', () => {
  const products: SimProduct[] = Array.from({ length: 60 }, (_, i) => ({
    id: `p${i}`,
    title: `Vintage Heart Hanging Decoration ${i}`,
    description: `A decoration, number ${i}.`,
    brand: 'Acme',
    category: 'Home > Decor',
    priceMinor: 300 + 17 * i,
  }));

  it('is deterministic from the seed and differs between seeds', () => {
    const a = merchantRows(DEFAULT_PROFILES[2]!, products, { seed: 7, now: NOW });
    expect(merchantRows(DEFAULT_PROFILES[2]!, products, { seed: 7, now: NOW })).toEqual(a);
    expect(merchantRows(DEFAULT_PROFILES[2]!, products, { seed: 8, now: NOW })).not.toEqual(a);
  });

  it('lists the same products at several merchants, reworded', () => {
    const byProduct = new Map<string, string[]>();
    for (const profile of DEFAULT_PROFILES) {
      for (const row of merchantRows(profile, products, { seed: 1, now: NOW })) {
        if (row.record) byProduct.set(row.truth.productId, [...(byProduct.get(row.truth.productId) ?? []), row.record.title!]);
      }
    }
    const multi = [...byProduct.values()].filter((titles) => titles.length >= 3);
    expect(multi.length).toBeGreaterThan(20);
    expect(multi.some((titles) => new Set(titles).size === titles.length)).toBe(true);
  });

  it('states the faults it injects in the ground truth, and they are what validation finds', async () => {
    for (const profile of DEFAULT_PROFILES) {
      const rows = merchantRows(profile, products, { seed: 3, now: NOW });
      const body = renderFeed(rows, profile.format);
      const parsed = await parseFeed(body, profile.format);
      expect(parsed).toHaveLength(rows.length);
      parsed.forEach((p, i) => {
        const truth = rows[i]!.truth;
        if (truth.faults.includes('malformed')) return expect(p.error).toBeDefined();
        const r = checkRow(p.record!, { reputation: profile.reputation, now: NOW });
        const hard = truth.faults.filter((f) => !['inflatedOriginal', 'expired', 'duplicate'].includes(f));
        const expectReject = hard.length > 0 || profile.reputation < 0.6;
        expect({ id: truth.offerId, rejected: r.offer === null }).toEqual({ id: truth.offerId, rejected: expectReject });
        if (hard.includes('wrongDiscount')) expect(r.reasons).toContain('discountMismatch');
        if (hard.includes('shortTitle')) expect(r.reasons).toContain('shortTitle');
        if (!expectReject) expect(r.expired).toBe(truth.faults.includes('expired'));
      });
    }
  });

  it('GTIN merchants emit the catalog product\'s GTIN when it has one, a derived one otherwise; others none', () => {
    const retail = simProductsFromRetail([{ ...testProduct(1, 500, []), sku: '85123A' }]);
    expect(retail[0]!.gtin).toBe(gtinForStockCode('85123A'));
    const mixed: SimProduct[] = products.map((p, i) => (i % 2 === 0 ? { ...p, gtin: gtinForStockCode(`2${String(i).padStart(4, '0')}`) } : p));
    const gtinMerchant = DEFAULT_PROFILES.find((p) => p.gtin && Object.keys(p.faults).length === 0)!;
    const rows = merchantRows(gtinMerchant, mixed, { seed: 3, now: NOW }).filter((r) => r.record);
    expect(rows.length).toBeGreaterThan(10);
    for (const r of rows) {
      const p = mixed.find((m) => m.id === r.truth.productId)!;
      expect(r.record!.gtin).toBe(p.gtin ?? gtinFor(p.id));
      expect(isGtin(r.record!.gtin!)).toBe(true);
    }
    expect(rows.some((r) => r.record!.gtin!.startsWith('020'))).toBe(true);
    const plain = DEFAULT_PROFILES.find((p) => !p.gtin)!;
    expect(merchantRows(plain, mixed, { seed: 3, now: NOW }).every((r) => !r.record || r.record.gtin === '')).toBe(true);
  });

  it('makes valid GTIN-13s and rewords titles', () => {
    expect(isGtin(gtinFor('p1'))).toBe(true);
    expect(gtinFor('p1')).toBe(gtinFor('p1'));
    expect(rewordTitle('Large Vintage Bag', 'shouty', prng(1))).toMatch(/^[A-Z -]+$/);
    expect(rewordTitle('Small Heart Holder Set', 'reordered', () => 0.99)).toBe('Heart Holder Set Small');
  });
});
