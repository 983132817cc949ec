import { GraphQLError, GraphQLScalarType, Kind } from 'graphql';

/**
 * `SafeInt`: an integer in JavaScript's safe range ±(2^53 − 1), serialised as a JSON number. GraphQL's `Int` is
 * 32-bit, too small for money in minor units (a large HUF or JPY order); every JSON parser reads these exactly.
 */
export const SafeIntScalar = new GraphQLScalarType({
  name: 'SafeInt',
  description: 'An integer between -(2^53-1) and 2^53-1, serialised as a JSON number.',
  serialize(value) {
    const n = typeof value === 'bigint' ? Number(value) : value;
    if (typeof n !== 'number' || !Number.isSafeInteger(n)) throw new GraphQLError(`SafeInt cannot represent ${String(value)}.`);
    return n;
  },
  parseValue(value) {
    if (typeof value !== 'number' || !Number.isSafeInteger(value)) {
      throw new GraphQLError(`SafeInt must be an integer within ±(2^53-1), got ${JSON.stringify(value)}.`);
    }
    return value;
  },
  parseLiteral(ast) {
    if (ast.kind !== Kind.INT) throw new GraphQLError('SafeInt must be an integer literal.', { nodes: ast });
    const n = Number(ast.value);
    if (!Number.isSafeInteger(n)) throw new GraphQLError(`SafeInt ${ast.value} is out of range.`, { nodes: ast });
    return n;
  },
});

/** `DateTime`: an RFC 3339 instant in UTC, e.g. 2026-11-21T10:00:00.000Z. */
export const DateTimeScalar = new GraphQLScalarType({
  name: 'DateTime',
  description: 'An RFC 3339 date-time in UTC, e.g. 2026-11-21T10:00:00.000Z.',
  serialize(value) {
    const d = value instanceof Date ? value : new Date(value as string);
    if (Number.isNaN(d.getTime())) throw new GraphQLError(`DateTime cannot represent ${String(value)}.`);
    return d.toISOString();
  },
  parseValue(value) {
    const d = typeof value === 'string' ? new Date(value) : new Date(Number.NaN);
    if (Number.isNaN(d.getTime())) throw new GraphQLError(`DateTime must be an ISO 8601 string, got ${JSON.stringify(value)}.`);
    return d;
  },
  parseLiteral(ast) {
    if (ast.kind !== Kind.STRING || Number.isNaN(Date.parse(ast.value))) {
      throw new GraphQLError('DateTime must be an ISO 8601 string.', { nodes: ast });
    }
    return new Date(ast.value);
  },
});
