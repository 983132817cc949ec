import { GraphQLError, type ExecutionResult } from 'graphql';
import type { Logger } from 'pino';
import { isClientSafe, toClientError } from '../errors.ts';

/**
 * Shapes the errors of a result for clients: our own and graphql-js validation errors pass with their code; any other
 * error is logged (with its stack, never sent) and replaced by a generic INTERNAL error.
 */
export function formatResultErrors(errors: readonly GraphQLError[], log: Pick<Logger, 'error'>): GraphQLError[] {
  const flat: GraphQLError[] = [];
  for (const error of errors) {
    const nested = (error.originalError as { errors?: unknown } | undefined)?.errors;
    if (Array.isArray(nested)) {
      for (const e of nested) flat.push(e instanceof GraphQLError ? e : new GraphQLError(String((e as Error)?.message ?? e)));
    } else {
      flat.push(error);
    }
  }
  return flat.map((error) => {
    if (!isClientSafe(error)) log.error({ err: error.originalError ?? error, path: error.path }, 'resolver failed');
    return toClientError(error);
  });
}

/** The HTTP status for a GraphQL response: 200 whenever there is data or the errors came from execution. */
export function statusFor(result: ExecutionResult & { statusCode?: number }): number {
  if (result.data) return 200;
  return result.statusCode && result.statusCode >= 400 && result.statusCode < 500 ? result.statusCode : 200;
}
