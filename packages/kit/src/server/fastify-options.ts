import { randomUUID } from 'node:crypto';
import { LogController, type FastifyBaseLogger, type FastifyServerOptions } from 'fastify';
import type { Logger } from 'pino';
import { Headers } from '../auth/identity.ts';

/**
 * Fastify options every Emporium HTTP service shares: the service's pino logger without per-request noise (services
 * log their own completion lines), request ids taken from `x-request-id` or generated, a body limit, and idle
 * keep-alive connections closed on shutdown.
 */
export function serviceFastifyOptions(logger: Logger, bodyLimit: number): FastifyServerOptions & { loggerInstance: FastifyBaseLogger } {
  return {
    loggerInstance: logger as FastifyBaseLogger,
    logController: new LogController({ disableRequestLogging: true }),
    requestIdHeader: Headers.requestId,
    genReqId: () => randomUUID(),
    bodyLimit,
    forceCloseConnections: 'idle',
  };
}
