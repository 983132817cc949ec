import { once } from 'node:events';
import type { Writable } from 'node:stream';
import { sql } from 'drizzle-orm';
import { copyLine, type SchemaModule, type Transaction } from '@emporium/kit';

/** A value for a staging column, sent as its Postgres text form (null = SQL NULL). */
export type StageValue = string | number | boolean | null;

/** A staging column: name and SQL type. */
export type StageColumn = readonly [name: string, type: string];

/** Rows going into a staging table; {@link StageWriter.end} completes the load and returns how many rows went in. */
export interface StageWriter {
  /** Adds one row (values in column order); awaits only when the driver asks to slow down. */
  add(values: readonly StageValue[]): Promise<void> | undefined;
  end(): Promise<number>;
}

/** postgres.js: a reserved (transaction) connection that can COPY. */
type CopyClient = { unsafe(query: string): { writable(): Promise<Writable> } };
/** PGlite (or its transaction): parameterised queries. */
type QueryClient = { query(query: string, params: unknown[]): Promise<unknown> };

/** The driver client behind a drizzle transaction (the connection the transaction runs on). */
function clientOf(tx: unknown): CopyClient | QueryClient {
  const client = (tx as unknown as { session?: { client?: unknown } }).session?.client;
  if (client && typeof (client as CopyClient).unsafe === 'function') return client as CopyClient;
  if (client && typeof (client as QueryClient).query === 'function') return client as QueryClient;
  throw new Error('bulk loading needs a drizzle transaction on postgres.js or PGlite');
}

/** Bytes of COPY data sent per write. */
const COPY_CHUNK = 256 * 1024;
/** Parameters per multi-row INSERT on PGlite. */
const INSERT_PARAMS = 20_000;

/**
 * Creates a temporary table `name` (dropped at commit) in the transaction `tx` and returns a writer that loads rows
 * into it: COPY … FROM STDIN over the transaction's connection on PostgreSQL (postgres.js), multi-row INSERTs on
 * PGlite. Both send every value in its text form, so both paths store the same thing; the caller then moves the rows
 * with set-based statements (INSERT … SELECT … ON CONFLICT, UPDATE … FROM).
 */
export async function openStage<TSchema extends SchemaModule>(tx: Transaction<TSchema>, name: string, columns: readonly StageColumn[]): Promise<StageWriter> {
  if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`bad staging table name ${name}`);
  await tx.execute(sql.raw(`create temp table ${name} (${columns.map(([c, t]) => `${c} ${t}`).join(', ')}) on commit drop`));
  const client = clientOf(tx);
  const names = columns.map(([c]) => c).join(', ');
  let rows = 0;

  if ('unsafe' in client) {
    const stream = await client.unsafe(`copy ${name} (${names}) from stdin`).writable();
    const done = once(stream, 'finish');
    done.catch(() => {}); // surfaced by end()
    let buffer = '';
    const flush = async () => {
      const chunk = buffer;
      buffer = '';
      if (!stream.write(chunk)) await once(stream, 'drain');
    };
    return {
      add(values) {
        rows++;
        buffer += copyLine(values);
        return buffer.length >= COPY_CHUNK ? flush() : undefined;
      },
      async end() {
        if (buffer.length > 0) await flush();
        stream.end();
        await done;
        return rows;
      },
    };
  }

  const perInsert = Math.max(1, Math.floor(INSERT_PARAMS / columns.length));
  let params: (string | null)[] = [];
  const flush = async () => {
    const n = params.length / columns.length;
    const tuples = Array.from({ length: n }, (_, r) => `(${columns.map((_, c) => `$${r * columns.length + c + 1}`).join(', ')})`);
    const batch = params;
    params = [];
    await client.query(`insert into ${name} (${names}) values ${tuples.join(', ')}`, batch);
  };
  return {
    add(values) {
      rows++;
      // Every value in its text form, as COPY sends it, so both paths store the same thing.
      for (const v of values) params.push(v === null ? null : String(v));
      return params.length >= perInsert * columns.length ? flush() : undefined;
    },
    async end() {
      if (params.length > 0) await flush();
      return rows;
    },
  };
}
