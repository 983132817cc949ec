import type { RedisConnection } from './redis-connection.ts';
import type { EventEnvelope } from './types.ts';

/** One stream entry: its id and its field/value pairs. */
export interface StreamEntry {
  id: string;
  fields: Record<string, string>;
}

/** A pending-entries-list row (XPENDING extended form). */
export interface PendingEntry {
  id: string;
  consumer: string;
  idleMs: number;
  deliveries: number;
}

const asArray = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const str = (v: unknown): string => (typeof v === 'string' ? v : v == null ? '' : String(v));

function pairs(flat: unknown): Record<string, string> {
  const list = asArray(flat);
  const out: Record<string, string> = {};
  for (let i = 0; i + 1 < list.length; i += 2) out[str(list[i])] = str(list[i + 1]);
  return out;
}

/** Parses `[[id, [k, v, ...]], ...]`; entries whose payload was deleted (nil) are skipped. */
export function parseEntries(raw: unknown): StreamEntry[] {
  const out: StreamEntry[] = [];
  for (const item of asArray(raw)) {
    const [id, fields] = asArray(item);
    if (id == null || fields == null) continue;
    out.push({ id: str(id), fields: pairs(fields) });
  }
  return out;
}

/** Compares two stream ids (`ms-seq`) numerically. */
export function compareStreamIds(a: string, b: string): number {
  const [am = 0n, as = 0n] = a.split('-').map((p) => BigInt(p));
  const [bm = 0n, bs = 0n] = b.split('-').map((p) => BigInt(p));
  if (am !== bm) return am < bm ? -1 : 1;
  return as === bs ? 0 : as < bs ? -1 : 1;
}

/** Stream entry fields for an envelope (payload as JSON text). */
export function envelopeToFields(e: EventEnvelope): Record<string, string> {
  return { id: e.id, type: e.type, source: e.source, occurredAt: e.occurredAt, payload: JSON.stringify(e.payload) };
}

/** The envelope stored in an entry; throws when the entry is not one. */
export function fieldsToEnvelope(f: Record<string, string>): EventEnvelope {
  const { id, type, source, occurredAt, payload } = f;
  if (!id || !type || !source || !occurredAt || payload === undefined) {
    throw new Error('stream entry is not an event envelope');
  }
  return { id, type, source, occurredAt, payload: JSON.parse(payload) as unknown };
}

const flatten = (fields: Record<string, string>) => Object.entries(fields).flat();

/** Typed wrappers over the raw stream commands (RESP2 replies parsed by hand). */
export const streams = {
  /** Builds an `XADD key MAXLEN ~ n * k v ...` command. */
  xaddArgs(key: string, fields: Record<string, string>, maxLen: number): string[] {
    return ['XADD', key, 'MAXLEN', '~', String(maxLen), '*', ...flatten(fields)];
  },

  /** Creates the group (and the stream); returns false when it already existed. */
  async createGroup(c: RedisConnection, key: string, group: string, start: '$' | '0'): Promise<boolean> {
    try {
      await c.sendCommand(['XGROUP', 'CREATE', key, group, start, 'MKSTREAM']);
      return true;
    } catch (err) {
      if (err instanceof Error && err.message.includes('BUSYGROUP')) return false;
      throw err;
    }
  },

  /** XREADGROUP ... BLOCK; returns entries per stream key (empty on timeout). */
  async readGroup(
    c: RedisConnection,
    group: string,
    consumer: string,
    keys: readonly string[],
    count: number,
    blockMs: number,
  ): Promise<{ key: string; entries: StreamEntry[] }[]> {
    const raw = await c.sendCommand([
      'XREADGROUP', 'GROUP', group, consumer, 'COUNT', String(count), 'BLOCK', String(blockMs),
      'STREAMS', ...keys, ...keys.map(() => '>'),
    ]);
    return asArray(raw).map((s) => {
      const [key, entries] = asArray(s);
      return { key: str(key), entries: parseEntries(entries) };
    });
  },

  /** XAUTOCLAIM from `start`; returns the next cursor and the claimed entries. */
  async autoClaim(
    c: RedisConnection,
    key: string,
    group: string,
    consumer: string,
    minIdleMs: number,
    start: string,
    count: number,
  ): Promise<{ next: string; entries: StreamEntry[] }> {
    const raw = asArray(
      await c.sendCommand(['XAUTOCLAIM', key, group, consumer, String(minIdleMs), start, 'COUNT', String(count)]),
    );
    return { next: str(raw[0]) || '0-0', entries: parseEntries(raw[1]) };
  },

  /** XCLAIM the given ids to `consumer` (increments their delivery counters). */
  async claim(c: RedisConnection, key: string, group: string, consumer: string, minIdleMs: number, ids: string[]) {
    return parseEntries(await c.sendCommand(['XCLAIM', key, group, consumer, String(minIdleMs), ...ids]));
  },

  /** XPENDING extended form, optionally for one consumer. */
  async pending(
    c: RedisConnection,
    key: string,
    group: string,
    range: { start: string; end: string; count: number; consumer?: string },
  ): Promise<PendingEntry[]> {
    const args = ['XPENDING', key, group, range.start, range.end, String(range.count)];
    if (range.consumer) args.push(range.consumer);
    return asArray(await c.sendCommand(args)).map((row) => {
      const [id, consumer, idle, deliveries] = asArray(row);
      return { id: str(id), consumer: str(consumer), idleMs: Number(idle), deliveries: Number(deliveries) };
    });
  },

  /** XPENDING summary: number of pending entries, the lowest pending id, and per-consumer counts. */
  async pendingSummary(c: RedisConnection, key: string, group: string) {
    const [count, minId, , consumers] = asArray(await c.sendCommand(['XPENDING', key, group]));
    const perConsumer = new Map<string, number>();
    for (const row of asArray(consumers)) {
      const [name, n] = asArray(row);
      perConsumer.set(str(name), Number(n));
    }
    return { count: Number(count), minId: minId == null ? undefined : str(minId), perConsumer };
  },

  /** `last-delivered-id` of a group, or undefined when the group does not exist. */
  async groupLastDelivered(c: RedisConnection, key: string, group: string): Promise<string | undefined> {
    let raw: unknown;
    try {
      raw = await c.sendCommand(['XINFO', 'GROUPS', key]);
    } catch {
      return undefined; // no such stream
    }
    for (const row of asArray(raw)) {
      const info = pairs(row);
      if (info.name === group) return info['last-delivered-id'];
    }
    return undefined;
  },

  /** Id of the newest entry, or undefined for an empty/missing stream. */
  async lastId(c: RedisConnection, key: string): Promise<string | undefined> {
    return parseEntries(await c.sendCommand(['XREVRANGE', key, '+', '-', 'COUNT', '1']))[0]?.id;
  },

  /** The newest `count` entries, oldest first. */
  async tail(c: RedisConnection, key: string, count: number): Promise<StreamEntry[]> {
    return parseEntries(await c.sendCommand(['XREVRANGE', key, '+', '-', 'COUNT', String(count)])).reverse();
  },
};
