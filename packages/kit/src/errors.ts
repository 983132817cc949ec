import { GraphQLError } from 'graphql';

/**
 * The error catalogue: every error a client can see carries one of these stable `extensions.code` values.
 * Expected domain failures (out of stock, declined payment …) are result types in the schema, not errors.
 */
export const ErrorCode = {
  BAD_USER_INPUT: 'BAD_USER_INPUT',
  NOT_FOUND: 'NOT_FOUND',
  UNAUTHENTICATED: 'UNAUTHENTICATED',
  FORBIDDEN: 'FORBIDDEN',
  CONFLICT: 'CONFLICT',
  RATE_LIMITED: 'RATE_LIMITED',
  SERVICE_UNAVAILABLE: 'SERVICE_UNAVAILABLE',
  DOWNSTREAM_SERVICE_ERROR: 'DOWNSTREAM_SERVICE_ERROR',
  INTERNAL: 'INTERNAL',
} as const;
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

const httpStatus: Record<ErrorCode, number> = {
  BAD_USER_INPUT: 400,
  NOT_FOUND: 404,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  CONFLICT: 409,
  RATE_LIMITED: 429,
  SERVICE_UNAVAILABLE: 503,
  DOWNSTREAM_SERVICE_ERROR: 502,
  INTERNAL: 500,
};

/** An error meant for the client: its message and code are shown as they are. */
export class AppError extends GraphQLError {
  readonly code: ErrorCode;
  constructor(code: ErrorCode, message: string, details: Record<string, unknown> = {}) {
    super(message, { extensions: { ...details, code } });
    this.code = code;
    this.name = 'AppError';
  }
  /** The HTTP status this error maps to where a transport needs one. */
  get httpStatus(): number {
    return httpStatus[this.code];
  }
}

/** Bad arguments; `field` names the argument. */
export const badInput = (message: string, field?: string) =>
  new AppError(ErrorCode.BAD_USER_INPUT, message, field ? { field } : {});
export const notFound = (message: string) => new AppError(ErrorCode.NOT_FOUND, message);
export const unauthenticated = (message = 'Sign in to do this.') => new AppError(ErrorCode.UNAUTHENTICATED, message);
export const forbidden = (message = 'You may not do this.') => new AppError(ErrorCode.FORBIDDEN, message);
export const conflict = (message: string) => new AppError(ErrorCode.CONFLICT, message);
export const downstream = (service: string, message: string) =>
  new AppError(ErrorCode.DOWNSTREAM_SERVICE_ERROR, message, { serviceName: service });

const knownCodes = new Set<string>(Object.values(ErrorCode));

/** True when a GraphQL error may be shown to a client as it is (our own errors and GraphQL's validation errors). */
export function isClientSafe(error: GraphQLError): boolean {
  const original = error.originalError;
  if (!original) return true; // parse/validation/coercion errors raised by graphql-js itself
  if (original instanceof AppError) return true;
  if (original instanceof GraphQLError) {
    const code = original.extensions?.code;
    return original.originalError === undefined || (typeof code === 'string' && knownCodes.has(code));
  }
  return false;
}

/**
 * Shapes an error for a client: our errors keep message and code; graphql-js validation and coercion errors get
 * BAD_USER_INPUT (GRAPHQL_VALIDATION_FAILED where that is what they are); anything else becomes INTERNAL with a
 * generic message (the original is logged by the caller, never sent).
 */
export function toClientError(error: GraphQLError): GraphQLError {
  if (isClientSafe(error)) {
    const code = error.extensions?.code ?? (error.originalError as AppError | undefined)?.code;
    if (typeof code === 'string') return error;
    return new GraphQLError(error.message, {
      nodes: error.nodes,
      positions: error.positions,
      path: error.path,
      source: error.source,
      extensions: { ...error.extensions, code: error.path ? ErrorCode.BAD_USER_INPUT : 'GRAPHQL_VALIDATION_FAILED' },
    });
  }
  return new GraphQLError('Internal server error.', {
    path: error.path,
    positions: error.positions,
    extensions: { code: ErrorCode.INTERNAL },
  });
}
