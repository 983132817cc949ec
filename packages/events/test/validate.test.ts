import { readdir, readFile } from 'node:fs/promises';
import { describe, expect, expectTypeOf, it } from 'vitest';
import {
  assertEventPayload,
  eventSchemas,
  EventTypes,
  isEventType,
  validateEventPayload,
  type EventPayloads,
  type OrderPlacedPayload,
  type PriceChangedPayload,
} from '../src/index.ts';

const uuid = (n: number) => `6f1c1e8e-3c2b-4a51-9d6c-0a4b1b2c3d${String(n).padStart(2, '0')}`;

const valid: { [K in keyof EventPayloads]: EventPayloads[K] } = {
  'product.upserted': {
    productId: uuid(1),
    sku: 'HP-100',
    title: 'Studio Headphones',
    slug: 'studio-headphones',
    categoryPath: ['Electronics', 'Audio'],
    brand: null,
  },
  'price.changed': {
    productId: uuid(1),
    currency: 'EUR',
    amount: 14_999,
    regularAmount: 19_999,
    validFrom: '2025-03-01T00:00:00Z',
    validUntil: null,
  },
  'stock.changed': { productId: uuid(1), quantityAvailable: 0, stockLevel: 'OUT_OF_STOCK' },
  'order.placed': {
    orderId: uuid(2),
    userId: null,
    sessionId: 'sess-1',
    country: 'DE',
    currency: 'EUR',
    totalAmount: 29_998,
    placedAt: '2025-03-01T12:00:00.000+01:00',
    lines: [{ productId: uuid(1), quantity: 2, unitAmount: 14_999 }],
  },
  'user.deleted': { userId: uuid(3), requestedBy: 'self' },
  'deal.upserted': {
    dealId: uuid(4),
    merchantId: uuid(5),
    productId: uuid(1),
    title: 'Studio Headphones, 20% off',
    category: 'Electronics > Audio',
    currency: 'GBP',
    priceAmount: 7_999,
    originalAmount: 9_999,
    startsAt: '2026-11-01T00:00:00Z',
    expiresAt: '2026-12-01T00:00:00Z',
    active: true,
    suspiciousPricing: false,
    confidence: 0.82,
  },
  'deal.clicked': { dealId: uuid(4), merchantId: uuid(5), userId: null, sessionId: 'sess-1' },
  'deal.saved': { dealId: uuid(4), userId: uuid(3), saved: true },
};

const errorsOf = (type: string, payload: unknown) => {
  const r = validateEventPayload(type, payload);
  return r.ok ? [] : r.errors;
};

describe('validateEventPayload', () => {
  it.each(Object.entries(valid))('accepts a valid %s payload', (type, payload) => {
    expect(validateEventPayload(type, payload)).toEqual({ ok: true });
  });

  it('rejects money as a float, lowercase currency and a missing field, listing every error', () => {
    const { validUntil: _omitted, ...rest } = valid['price.changed'];
    const errors = errorsOf('price.changed', { ...rest, amount: 149.99, currency: 'eur' });
    expect(errors).toEqual(
      expect.arrayContaining([
        "/ must have required property 'validUntil'",
        '/amount must be integer',
        '/currency must match pattern "^[A-Z]{3}$"',
      ]),
    );
    expect(errors).toHaveLength(3);
  });

  it('rejects unknown properties (additionalProperties: false), also in nested objects', () => {
    expect(errorsOf('stock.changed', { ...valid['stock.changed'], warehouse: 'x' })).toEqual([
      "/ must NOT have additional property 'warehouse'",
    ]);
    const order = valid['order.placed'];
    expect(errorsOf('order.placed', { ...order, lines: [{ ...order.lines[0], discount: 1 }] })).toEqual([
      "/lines/0 must NOT have additional property 'discount'",
    ]);
  });

  it('checks formats, enums and bounds', () => {
    const order = valid['order.placed'];
    expect(errorsOf('order.placed', { ...order, userId: 'not-a-uuid' })).toEqual(['/userId must match format "uuid"']);
    expect(errorsOf('order.placed', { ...order, placedAt: '2025-03-01 12:00' })).toEqual([
      '/placedAt must match format "date-time"',
    ]);
    expect(errorsOf('order.placed', { ...order, lines: [] })).toEqual(['/lines must NOT have fewer than 1 items']);
    expect(errorsOf('order.placed', { ...order, lines: [{ ...order.lines[0], quantity: 0 }] })).toEqual([
      '/lines/0/quantity must be >= 1',
    ]);
    expect(errorsOf('order.placed', { ...order, country: 'DEU' })).toEqual(['/country must match pattern "^[A-Z]{2}$"']);
    expect(errorsOf('stock.changed', { ...valid['stock.changed'], stockLevel: 'PLENTY' })).toEqual([
      '/stockLevel must be one of "IN_STOCK", "LOW_STOCK", "OUT_OF_STOCK"',
    ]);
    expect(errorsOf('stock.changed', { ...valid['stock.changed'], quantityAvailable: -1 })).toEqual([
      '/quantityAvailable must be >= 0',
    ]);
    expect(errorsOf('product.upserted', { ...valid['product.upserted'], slug: 'Not A Slug' })).toHaveLength(1);
    expect(errorsOf('deal.saved', { ...valid['deal.saved'], saved: 'yes' })).toEqual(['/saved must be boolean']);
  });

  it('rejects an unknown event type and non-object payloads', () => {
    expect(validateEventPayload('price.exploded', {})).toEqual({ ok: false, errors: ['unknown event type "price.exploded"'] });
    expect(validateEventPayload('stock.changed', null).ok).toBe(false);
    expect(validateEventPayload('stock.changed', 'x').ok).toBe(false);
  });

  it('assertEventPayload throws with the errors listed', () => {
    expect(() => assertEventPayload('stock.changed', valid['stock.changed'])).not.toThrow();
    expect(() => assertEventPayload('stock.changed', { ...valid['stock.changed'], quantityAvailable: 1.5 })).toThrow(
      'invalid stock.changed payload: /quantityAvailable must be integer',
    );
  });
});

describe('contract exports', () => {
  it('EventTypes maps PascalCase names to type strings', () => {
    expect(EventTypes).toEqual({
      DealClicked: 'deal.clicked',
      DealSaved: 'deal.saved',
      DealUpserted: 'deal.upserted',
      OrderPlaced: 'order.placed',
      PriceChanged: 'price.changed',
      ProductUpserted: 'product.upserted',
      StockChanged: 'stock.changed',
      UserDeleted: 'user.deleted',
    });
    expect(isEventType('order.placed')).toBe(true);
    expect(isEventType('order.cancelled')).toBe(false);
  });

  it('embeds exactly the schemas in schema/events/', async () => {
    const dir = new URL('../../../schema/events/', import.meta.url);
    const files = (await readdir(dir)).filter((f) => f.endsWith('.schema.json')).sort();
    expect(Object.keys(eventSchemas).sort()).toEqual(files.map((f) => f.replace('.schema.json', '')));
    for (const file of files) {
      const onDisk = JSON.parse(await readFile(new URL(file, dir), 'utf8')) as Record<string, unknown>;
      expect(eventSchemas[file.replace('.schema.json', '') as keyof typeof eventSchemas]).toEqual(onDisk);
    }
  });

  it('generates payload types that match the schemas', () => {
    expectTypeOf<EventPayloads['price.changed']>().toEqualTypeOf<PriceChangedPayload>();
    expectTypeOf<PriceChangedPayload['validUntil']>().toEqualTypeOf<string | null>();
    expectTypeOf<OrderPlacedPayload['lines'][number]['quantity']>().toEqualTypeOf<number>();
    expectTypeOf<EventPayloads['stock.changed']['stockLevel']>().toEqualTypeOf<'IN_STOCK' | 'LOW_STOCK' | 'OUT_OF_STOCK'>();
  });
});
