import { openDatabase } from '../../src/db/open.ts';
import type { DatabaseHandle } from '../../src/db/types.ts';
import { createScratchDatabase } from '../../src/testing/db.ts';
import { fixtureOptions, type FixtureSchema } from './fixture/index.ts';

/** A fresh, unmigrated throwaway database with one open handle. */
export interface ScratchTarget {
  readonly handle: DatabaseHandle<FixtureSchema>;
  /** Opens another handle on the same database (only where several connections are possible). */
  readonly openSibling?: () => Promise<DatabaseHandle<FixtureSchema>>;
  /** Closes the handle and removes the database. */
  dispose(): Promise<void>;
}

/** Opens a fixture database somewhere; each call gives a new, empty one. */
export type OpenTarget = () => Promise<ScratchTarget>;

/** In-memory PGlite. */
export const openPgliteTarget: OpenTarget = async () => {
  const handle = await openDatabase({ ...fixtureOptions, dataDir: 'memory://' });
  return { handle, dispose: () => handle.close() };
};

/** A scratch database `emporium_t_<random>` on the server of `adminUrl`. */
export function postgresTarget(adminUrl: string): OpenTarget {
  return async () => {
    const scratch = await createScratchDatabase(adminUrl);
    const openSibling = () => openDatabase({ ...fixtureOptions, url: scratch.url });
    const handle = await openSibling();
    return {
      handle,
      openSibling,
      async dispose() {
        try {
          await handle.close();
        } finally {
          await scratch.drop();
        }
      },
    };
  };
}
