/**
 * Drizzle table factories every subgraph puts in its own schema (the transactional outbox and the consumer inbox).
 * A separate entry point (`@emporium/kit/tables`) so drizzle-kit can load a subgraph's schema without the whole kit.
 */
export { outboxTable } from './events/outbox.ts';
export { inboxTable } from './events/inbox.ts';
