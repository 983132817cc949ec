import { randomBytes } from 'node:crypto';
import postgres from 'postgres';
import { openDatabase } from '../db/open.ts';
import type { DatabaseHandle, DatabaseOptions, SchemaModule } from '../db/types.ts';

/** A throwaway database created on a PostgreSQL server. */
export interface ScratchDatabase {
  /** Database name, `emporium_t_<random>`. */
  readonly name: string;
  /** The admin URL with its database replaced by this one. */
  readonly url: string;
  /** Drops the database `WITH (FORCE)` (terminating leftover connections); idempotent. */
  drop(): Promise<void>;
}

function adminClient(adminUrl: string): postgres.Sql {
  return postgres(adminUrl, {
    max: 1,
    onnotice: () => {},
    connect_timeout: 10,
    connection: { application_name: 'emporium-test-admin' },
  });
}

/**
 * Creates an empty database `emporium_t_<random>` on the server of `adminUrl`, connecting to the URL's own
 * database as admin (the role needs CREATEDB). The admin connection is closed again before this returns.
 */
export async function createScratchDatabase(adminUrl: string): Promise<ScratchDatabase> {
  const name = `emporium_t_${randomBytes(6).toString('hex')}`;
  const admin = adminClient(adminUrl);
  try {
    await admin.unsafe(`create database "${name}"`);
  } finally {
    await admin.end({ timeout: 5 });
  }
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  let dropped = false;
  return {
    name,
    url: url.toString(),
    async drop() {
      if (dropped) return;
      dropped = true;
      const dropper = adminClient(adminUrl);
      try {
        await dropper.unsafe(`drop database if exists "${name}" with (force)`);
      } finally {
        await dropper.end({ timeout: 5 });
      }
    },
  };
}

/**
 * Opens a throwaway database for one test file: in-memory PGlite, or — when process.env.DATABASE_URL is set — a
 * fresh database `emporium_t_<random>` created on that server (CREATE DATABASE via the URL's server, connecting to the
 * URL's database as admin), migrated; `close()` drops it (WITH (FORCE)).
 */
export async function openTestDatabase<TSchema extends SchemaModule>(
  opts: Omit<DatabaseOptions<TSchema>, 'url' | 'dataDir'>,
): Promise<DatabaseHandle<TSchema>> {
  const adminUrl = process.env.DATABASE_URL;
  if (adminUrl === undefined || adminUrl === '') {
    const handle = await openDatabase({ ...opts, dataDir: 'memory://' });
    try {
      await handle.migrate();
    } catch (err) {
      await handle.close();
      throw err;
    }
    return handle;
  }

  const scratch = await createScratchDatabase(adminUrl);
  let handle: DatabaseHandle<TSchema>;
  try {
    handle = await openDatabase({ ...opts, url: scratch.url });
  } catch (err) {
    await scratch.drop();
    throw err;
  }
  try {
    await handle.migrate();
  } catch (err) {
    await handle.close();
    await scratch.drop();
    throw err;
  }
  const close = handle.close.bind(handle);
  return {
    ...handle,
    async close() {
      try {
        await close();
      } finally {
        await scratch.drop();
      }
    },
  };
}
