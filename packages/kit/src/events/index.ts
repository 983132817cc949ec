export type {
  DeadLetter,
  EventBus,
  EventEnvelope,
  EventHandler,
  NewEvent,
  SubscribeOptions,
  Subscription,
} from './types.ts';
export { createEnvelope } from './types.ts';
export { errorFields, rateLimitedWarn, silentLogger, type Logger, type LoggerLike } from './logger.ts';
export { createMemoryBus, type MemoryBusOptions } from './memory-bus.ts';
export { createRedisBus, type RedisBusOptions } from './redis-bus.ts';
export { createEventBus } from './bus.ts';
export {
  enqueueEvent,
  enqueueEvents,
  EventValidationError,
  outboxTable,
  outboxTableSql,
  type AnyPgDatabase,
  type OutboxTable,
  type PayloadValidator,
} from './outbox.ts';
export { createOutboxRelay, type OutboxRelay, type OutboxRelayOptions } from './outbox-relay.ts';
export {
  consumeOnce,
  inboxHandler,
  inboxTable,
  inboxTableSql,
  pruneInbox,
  type InboxTable,
  type TransactionOf,
} from './inbox.ts';
