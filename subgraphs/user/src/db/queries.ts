import { inArray } from 'drizzle-orm';
import type { Database } from '@emporium/kit';
import type { UserModel } from '../models.ts';
import type * as schema from './schema.ts';
import { users } from './schema.ts';

type Db = Database<typeof schema>;

/** Users by id — one statement for any number of ids. */
export function findUsersByIds(db: Db, ids: readonly string[]): Promise<UserModel[]> {
  return ids.length === 0 ? Promise.resolve([]) : db.select().from(users).where(inArray(users.id, [...ids]));
}
