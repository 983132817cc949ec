import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { createLogger, loadServiceConfig } from '@emporium/kit';
import { freePort as freePortForTests, gql } from '@emporium/kit/testing';
import { parseHash } from '../src/auth/passwords.ts';
import { users } from '../src/db/schema.ts';
import { openUserRuntime } from '../src/runtime.ts';
import { buildUserSubgraph } from '../src/server.ts';

const pkg = join(import.meta.dirname, '..');
const tsx = join(pkg, 'node_modules/.bin/tsx');
const dataDir = mkdtempSync(join(tmpdir(), 'emporium-user-cli-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

/** Runs a CLI of this package with an embedded database in `dataDir` (never the shared PostgreSQL or Redis). */
async function run(script: string, args: string[], opts: { stdin?: string; env?: Record<string, string> } = {}) {
  const env: Record<string, string | undefined> = { ...process.env, DATA_DIR: dataDir, LOG_LEVEL: 'warn', ...opts.env };
  for (const k of ['DATABASE_URL', 'USER_DATABASE_URL', 'REDIS_URL', 'EMPORIUM_ADMIN_PASSWORD']) if (!opts.env?.[k]) delete env[k];
  env.USER_PORT ??= String(await freePortForTests());
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve, reject) => {
    const child = spawn(tsx, [join(pkg, 'src/cli', script), ...args], { cwd: pkg, env, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(opts.stdin ?? '');
  });
}

describe('admin:create', () => {
  it('refuses a weak password before touching the database', async () => {
    const res = await run('admin-create.ts', ['boss@example.com'], { env: { EMPORIUM_ADMIN_PASSWORD: 'short' } });
    expect(res.code).toBe(1);
    expect(res.stderr).toContain('Password: Use at least 12 characters.');
    expect(res.stderr).not.toContain('opening the user database');
  });

  it('explains its usage without an email', async () => {
    const res = await run('admin-create.ts', []);
    expect(res.code).toBe(2);
    expect(res.stderr).toContain('Usage: admin:create <email>');
  });

  it('refuses to open the embedded database while the user subgraph is running on it', async () => {
    const server: Server = createServer((_req, res) => res.end('{"status":"ok"}'));
    const port = await freePortForTests();
    await new Promise<void>((r) => server.listen(port, '127.0.0.1', r));
    try {
      const res = await run('mail-outbox.ts', [], { env: { USER_PORT: String(port) } });
      expect(res.code).toBe(2);
      expect(res.stderr).toContain(`The user subgraph is running on port ${port}`);
    } finally {
      await new Promise((r) => server.close(r));
    }
  });

  it('creates the first admin from a password on stdin (production scrypt parameters); the admin can sign in', async () => {
    const res = await run('admin-create.ts', [' Boss@Example.com', '--name', 'The Boss'], { stdin: 'a very long admin passphrase\n' });
    expect(res.stderr).not.toContain('Error');
    expect(res.code).toBe(0);
    expect(res.stdout).toMatch(/^created admin boss@example\.com \(id [0-9a-f-]{36}, roles admin, customer\)\.\n$/);

    const rt = await openUserRuntime({ config: { ...loadServiceConfig('user', { DATA_DIR: dataDir }), logLevel: 'silent' }, logger: createLogger('user', 'silent') });
    const sub = await buildUserSubgraph(rt);
    try {
      const [row] = await rt.db.db.select().from(users).where(eq(users.email, 'boss@example.com'));
      expect(row).toMatchObject({ displayName: 'The Boss', roles: ['admin', 'customer'] });
      expect(parseHash(row!.passwordHash!)).toMatchObject({ ln: 15, r: 8, p: 3 });
      const signIn = await gql<{ signIn: { __typename: string; accessToken?: string } }>(
        sub.app,
        'mutation { signIn(email: "boss@example.com", password: "a very long admin passphrase") { __typename ... on AuthPayload { accessToken } } }',
      );
      expect(signIn.data?.signIn.__typename).toBe('AuthPayload');
      expect((await rt.verifier.verifyAccess(signIn.data!.signIn.accessToken!)).roles).toEqual(['admin', 'customer']);
    } finally {
      await sub.stop();
      await rt.close();
    }
  }, 180_000);
});
