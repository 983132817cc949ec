import { randomBytes } from 'node:crypto';
import { PGlite } from '@electric-sql/pglite';
import { sql } from 'drizzle-orm';
import { pgSchema } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { drizzle as drizzlePostgres } from 'drizzle-orm/postgres-js';
import postgres from 'postgres';
import {
  inboxTable,
  inboxTableSql,
  outboxTable,
  outboxTableSql,
  type AnyPgDatabase,
  type InboxTable,
  type OutboxTable,
} from '../../src/events/index.ts';

/** A database for one test file: in-memory PGlite, or a throwaway database on DATABASE_URL's server. */
export interface TestDb {
  kind: 'pglite' | 'postgres';
  db: AnyPgDatabase;
  /** Another connection (pool) to the same database, to race against `db`; PGlite has only one. */
  other(): Promise<AnyPgDatabase>;
  /** A fresh schema with an outbox, an inbox and an `applied` table (`event_id text primary key, n int`). */
  freshSchema(): Promise<{ name: string; outbox: OutboxTable; inbox: InboxTable }>;
  close(): Promise<void>;
}

const admin = (url: string) => postgres(url, { max: 1, onnotice: () => {} });

export async function openTestDb(): Promise<TestDb> {
  const adminUrl = process.env.DATABASE_URL;
  let db: AnyPgDatabase;
  const closers: (() => Promise<void>)[] = [];
  let other: () => Promise<AnyPgDatabase>;
  let kind: TestDb['kind'];

  if (adminUrl) {
    kind = 'postgres';
    const name = `emporium_t_${randomBytes(6).toString('hex')}`;
    const a = admin(adminUrl);
    await a.unsafe(`create database "${name}"`);
    await a.end();
    const url = new URL(adminUrl);
    url.pathname = `/${name}`;
    const connect = () => {
      const client = postgres(url.toString(), { max: 5, onnotice: () => {} });
      closers.unshift(() => client.end({ timeout: 5 }));
      return drizzlePostgres(client);
    };
    db = connect();
    other = async () => connect();
    closers.push(async () => {
      const dropper = admin(adminUrl);
      await dropper.unsafe(`drop database if exists "${name}" with (force)`);
      await dropper.end();
    });
  } else {
    kind = 'pglite';
    const client = new PGlite();
    await client.waitReady; // boot the WASM Postgres in the hook, not in the first test
    db = drizzlePglite(client);
    other = async () => db;
    closers.push(() => client.close());
  }

  let n = 0;
  return {
    kind,
    db,
    other,
    async freshSchema() {
      const name = `evt_${++n}_${randomBytes(3).toString('hex')}`;
      const statements = [
        `CREATE SCHEMA "${name}"`,
        ...outboxTableSql(name),
        ...inboxTableSql(name),
        `CREATE TABLE "${name}".applied (event_id text PRIMARY KEY, n integer NOT NULL)`,
      ];
      for (const s of statements) await db.execute(sql.raw(s));
      const schema = pgSchema(name);
      return { name, outbox: outboxTable(schema), inbox: inboxTable(schema) };
    },
    async close() {
      for (const c of closers) await c();
    },
  };
}
