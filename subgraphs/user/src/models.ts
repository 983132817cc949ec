import type { users } from './db/schema.ts';

/** A user row as resolvers see it (privacy rules are applied by the field resolvers). */
export type UserModel = typeof users.$inferSelect;
