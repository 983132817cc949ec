/**
 * Minimal structured logger contract used by the cache and the event bus.
 * pino's `Logger` satisfies it, so services pass their pino instance straight in.
 */
export interface Logger {
  warn(obj: object, msg?: string): void;
  info(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

/**
 * Alias of {@link Logger}, unambiguous next to pino's `Logger` (which the kit root also exports
 * and which satisfies this interface).
 */
export type LoggerLike = Logger;

/** A logger that drops everything (the default when none is given). */
export const silentLogger: Logger = {
  warn() {},
  info() {},
  error() {},
};

/**
 * Wraps `log.warn` so that at most one warning per `key` is written per `intervalMs`;
 * the next warning that gets through carries `suppressed: n` with the number dropped meanwhile.
 * Used for failures that repeat on every call while a dependency is down (Redis).
 */
export function rateLimitedWarn(
  logger: Logger,
  intervalMs = 10_000,
): (key: string, obj: object, msg: string) => void {
  const state = new Map<string, { last: number; suppressed: number }>();
  return (key, obj, msg) => {
    const now = Date.now();
    const entry = state.get(key);
    if (entry && now - entry.last < intervalMs) {
      entry.suppressed += 1;
      return;
    }
    const suppressed = entry?.suppressed ?? 0;
    state.set(key, { last: now, suppressed: 0 });
    logger.warn(suppressed > 0 ? { ...obj, suppressed } : obj, msg);
  };
}

/** Normalises an unknown thrown value into a loggable `{ err: { name, message } }` field. */
export function errorFields(err: unknown): { err: { name: string; message: string } } {
  if (err instanceof Error) return { err: { name: err.name, message: err.message } };
  return { err: { name: 'NonError', message: String(err) } };
}
