import { describe, expect, it } from 'vitest';
import { ConfigError, envReader, redact } from '../../src/config/env.ts';
import { loadServiceConfig } from '../../src/config/service.ts';
import { subgraphUrl } from '../../src/config/registry.ts';

describe('config', () => {
  it('reads a subgraph config with defaults from the registry', () => {
    const c = loadServiceConfig('inventory', {});
    expect(c.port).toBe(4002);
    expect(c.databaseUrl).toBeUndefined();
    expect(c.pgliteDir).toMatch(/\.data\/inventory$/);
    expect(c.dbPoolMax).toBe(5);
    expect(c.jit).toBe(true);
  });

  it('prefers a per-subgraph database URL over DATABASE_URL', () => {
    const c = loadServiceConfig('pricing', { DATABASE_URL: 'postgres://a@h/x', PRICING_DATABASE_URL: 'postgres://b@h/y' });
    expect(c.databaseUrl).toBe('postgres://b@h/y');
  });

  it('fails with a sentence naming the variable on bad values', () => {
    expect(() => loadServiceConfig('product', { DB_POOL_MAX: '80' })).toThrow(new ConfigError('DB_POOL_MAX must be at most 50, got 80.'));
    expect(() => loadServiceConfig('product', { PORT: 'eighty' })).toThrow(/PORT must be a whole number, got "eighty"/);
    expect(() => loadServiceConfig('product', { DATABASE_URL: 'mysql://x' })).toThrow(/DATABASE_URL must use postgres or postgresql/);
    expect(() => loadServiceConfig('product', { GRAPHQL_JIT: 'maybe' })).toThrow(/GRAPHQL_JIT must be true or false/);
    expect(() => loadServiceConfig('product', { LOG_LEVEL: 'loud' })).toThrow(/LOG_LEVEL must be one of/);
    expect(() => envReader({}).string('REQUIRED_THING')).toThrow('REQUIRED_THING is required but not set.');
  });

  it('never prints a password in URL errors', () => {
    expect(redact('postgres://user:secret@host/db')).toBe('postgres://user:***@host/db');
    expect(() => envReader({ X: 'postgres://u:secret@' }).url('X', ['redis'])).not.toThrow(/secret/);
  });

  it('resolves subgraph URLs from env overrides or the registry', () => {
    expect(subgraphUrl('order', {})).toBe('http://127.0.0.1:4007/graphql');
    expect(subgraphUrl('order', { ORDER_URL: 'http://orders:8080/graphql' })).toBe('http://orders:8080/graphql');
    expect(() => subgraphUrl('nope', {})).toThrow(/Unknown subgraph "nope"/);
  });
});
