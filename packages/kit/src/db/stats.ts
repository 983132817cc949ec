import type { Logger } from 'drizzle-orm';
import type { StatementStats } from './types.ts';

/** A statement counter plus the drizzle logger that feeds it (drizzle logs every query it sends). */
export interface StatementCounter {
  readonly stats: StatementStats;
  readonly logger: Logger;
}

/** Creates a counter; pass `logger` to `drizzle(client, { logger })`. */
export function createStatementCounter(): StatementCounter {
  let statements = 0;
  const stats: StatementStats = {
    get statements() {
      return statements;
    },
    reset() {
      statements = 0;
    },
  };
  return {
    stats,
    logger: {
      logQuery() {
        statements += 1;
      },
    },
  };
}
