import { ErrorCode } from '@emporium/kit';
import type { GraphQLFormattedError } from 'graphql';

/** Codes the gateway raises itself, on top of the kit's catalogue (RATE_LIMITED, UNAUTHENTICATED, FORBIDDEN …). */
export const GatewayErrorCode = {
  /** The operation's estimated cost is above the endpoint's per-operation maximum. */
  COST_LIMIT_EXCEEDED: 'COST_LIMIT_EXCEEDED',
  /** The API key may run only registered operations, and this is not one. */
  OPERATION_NOT_REGISTERED: 'OPERATION_NOT_REGISTERED',
} as const;

/** Codes whose messages are written for clients: Emporium's catalogue and GraphQL's own request errors. */
const clientCodes = new Set<string>([
  ...Object.values(ErrorCode),
  ...Object.values(GatewayErrorCode),
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'BAD_REQUEST',
  'PERSISTED_QUERY_NOT_FOUND',
  'PERSISTED_QUERY_NOT_SUPPORTED',
  'OPERATION_RESOLUTION_FAILURE',
]);

/** Extension keys a client may see; everything else (responses, URLs, stack traces, exceptions) is dropped. */
const allowedExtensions = new Set(['code', 'serviceName', 'field', 'cost', 'maxCost', 'limit', 'retryAfterSeconds', 'scope']);

/**
 * The gateway's last line of defence for error output: errors with a catalogued code keep their message; anything
 * else becomes INTERNAL (or DOWNSTREAM_SERVICE_ERROR when a subgraph is named) with a generic message, and only
 * allow-listed extensions survive — no SQL text, stack traces or internal host names reach a client.
 */
export function maskError(formatted: GraphQLFormattedError): GraphQLFormattedError {
  const ext = formatted.extensions ?? {};
  const code = typeof ext.code === 'string' ? ext.code : undefined;
  const serviceName = typeof ext.serviceName === 'string' ? ext.serviceName : undefined;
  // INTERNAL is ours but its text is never for clients (a subgraph that is not ours might put SQL in it).
  const known = code !== undefined && clientCodes.has(code) && code !== ErrorCode.INTERNAL;
  const extensions: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(ext)) if (allowedExtensions.has(k)) extensions[k] = v;
  if (!known) {
    extensions.code = serviceName ? ErrorCode.DOWNSTREAM_SERVICE_ERROR : ErrorCode.INTERNAL;
  }
  const message = known
    ? formatted.message
    : serviceName
      ? `The ${serviceName} service failed.`
      : 'Internal server error.';
  return {
    message,
    ...(formatted.locations ? { locations: formatted.locations } : {}),
    ...(formatted.path ? { path: formatted.path } : {}),
    extensions,
  };
}
