import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { repoRoot } from '@emporium/kit';

/** Debian's Chromium, driven by playwright-core (no browser download). */
export const CHROMIUM_PATH = '/usr/bin/chromium';

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

const webDir = join(repoRoot, 'web');
const nextBin = join(webDir, 'node_modules', '.bin', 'next');

/** Why the browser tests cannot run against a production build, or null when they can. */
export function missingBuildReason(): string | null {
  if (existsSync(join(webDir, '.next', 'BUILD_ID'))) return null;
  return (
    'The storefront has no production build (web/.next/BUILD_ID is missing). Build it first: ' +
    '`pnpm --filter @emporium/web run build` (`npm test` does this before the test run).'
  );
}

/** A port the OS reports free right now (the storefront binds it a moment later). */
async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => (port ? resolve(port) : reject(new Error('no free port'))));
    });
  });
}

export interface Storefront {
  url: string;
  /** Everything `next start` printed, for failure messages. */
  output(): string;
  stop(): Promise<void>;
}

/**
 * Serves the production build with `next start` on an ephemeral port, pointed at `gatewayUrl`, and waits until it
 * answers. The server runs in its own process group, which `stop()` ends.
 */
export async function startStorefront(gatewayUrl: string, opts: { timeoutMs?: number } = {}): Promise<Storefront> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  let output = '';
  const child: ChildProcess = spawn(nextBin, ['start', '-p', String(port), '-H', '127.0.0.1'], {
    cwd: webDir,
    env: { ...process.env, GATEWAY_URL: gatewayUrl, NEXT_TELEMETRY_DISABLED: '1', NODE_ENV: 'production' },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  let exited = false;
  const exit = new Promise<void>((resolve) =>
    child.once('exit', () => {
      exited = true;
      resolve();
    }),
  );

  const stop = async () => {
    if (exited || child.pid === undefined) return;
    try {
      process.kill(-child.pid, 'SIGTERM');
    } catch {
      // already gone
    }
    const killTimer = setTimeout(() => {
      try {
        if (child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }, 5000);
    await exit;
    clearTimeout(killTimer);
  };

  // /cart without cookies renders without asking the gateway: a cheap readiness probe of the whole app.
  const deadline = Date.now() + (opts.timeoutMs ?? 60_000);
  while (Date.now() < deadline) {
    if (exited) throw new Error(`next start exited before it answered:\n${output}`);
    try {
      const res = await fetch(`${url}/cart`, { signal: AbortSignal.timeout(5000) });
      if (res.status === 200) return { url, output: () => output, stop };
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  await stop();
  throw new Error(`next start did not answer on ${url} within ${opts.timeoutMs ?? 60_000} ms:\n${output}`);
}
