import { GraphQLError } from 'graphql';
import { describe, expect, it } from 'vitest';
import { badInput, toClientError } from '../../src/errors.ts';
import { formatResultErrors } from '../../src/graphql/format-errors.ts';

describe('error masking', () => {
  it('keeps our errors and codes, masks everything else as INTERNAL and logs it', () => {
    const logged: unknown[] = [];
    const log = { error: (obj: unknown) => logged.push(obj) };
    const ours = new GraphQLError(badInput('first is too big', 'first').message, { originalError: badInput('first is too big', 'first'), path: ['products'] });
    const sqlLeak = new GraphQLError('relation "product.secret" does not exist', { originalError: new Error('relation "product.secret" does not exist\n    at Parser.parse (pg/lib/parser.js:1:1)'), path: ['products'] });
    const [a, b] = formatResultErrors([ours, sqlLeak], log as never).map((e) => e.toJSON());
    expect(a).toMatchObject({ message: 'first is too big', extensions: { code: 'BAD_USER_INPUT', field: 'first' } });
    expect(b).toEqual({ message: 'Internal server error.', path: ['products'], extensions: { code: 'INTERNAL' } });
    expect(JSON.stringify(b)).not.toMatch(/secret|parser/);
    expect(logged).toHaveLength(1);
  });

  it('labels graphql-js validation errors', () => {
    const e = toClientError(new GraphQLError('Cannot query field "nope" on type "Query".'));
    expect(e.extensions.code).toBe('GRAPHQL_VALIDATION_FAILED');
  });
});
