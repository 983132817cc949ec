import pino, { type Logger, type LoggerOptions } from 'pino';

export type { Logger };

/** A structured JSON logger for a service; `pretty` output is left to the reader (`| pino-pretty`). */
export function createLogger(service: string, level: LoggerOptions['level'] = 'info'): Logger {
  return pino({ level, base: { service }, timestamp: pino.stdTimeFunctions.isoTime });
}
