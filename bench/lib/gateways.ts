/**
 * Launching gateway runners (`bench/gateways/*.ts`) as single pinned processes and comparing their answers with stock
 * @apollo/gateway's — what every gateway-peer benchmark needs (scenarios/gateway.ts, scenarios/stack.ts).
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { repoRoot, type Keys } from '@emporium/kit';

/** Whether `taskset` exists here: without it processes are not pinned and results are less comparable. */
export const pinningAvailable = spawnSync('taskset', ['--version']).status === 0;

const children = new Set<ChildProcess>();
process.on('exit', () => {
  for (const c of children) c.kill('SIGKILL');
});

/** Spawns a process pinned to `core` (null: not pinned), cwd bench/; it is killed when this process exits. */
export function spawnOnCore(core: number | null, cmd: string, cmdArgs: string[], env: Record<string, string>): ChildProcess {
  const pin = pinningAvailable && core !== null;
  const child = spawn(pin ? 'taskset' : cmd, pin ? ['-c', String(core), cmd, ...cmdArgs] : cmdArgs, {
    env: { ...process.env, ...env, APOLLO_TELEMETRY_DISABLED: 'true' },
    stdio: ['ignore', 'pipe', 'inherit'],
    cwd: join(repoRoot, 'bench'),
  });
  children.add(child);
  child.once('exit', () => children.delete(child));
  return child;
}

/** The first line a child writes on stdout (its "ready" line); rejects if it exits first. */
export function firstLine(child: ChildProcess): Promise<string> {
  return new Promise<string>((resolve, reject) => {
    let buf = '';
    child.stdout?.on('data', (c: Buffer) => {
      buf += c.toString();
      const nl = buf.indexOf('\n');
      if (nl >= 0) resolve(buf.slice(0, nl));
    });
    child.once('exit', (code) => reject(new Error(`process exited (${code}) before it was ready`)));
  });
}

/** Node arguments that run a TypeScript file as ONE process (tsx as a loader, not its CLI, which forks a second). */
export const tsNode = (file: string): string[] => ['--import', 'tsx', file];

/** Kills a child (SIGKILL) and waits for it to be gone. */
export function stopped(child: ChildProcess): Promise<void> {
  return new Promise<void>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    child.once('exit', () => resolve());
    child.kill('SIGKILL');
  });
}

/** A free TCP port on 127.0.0.1. */
export function freePort(): Promise<number> {
  return new Promise<number>((resolve) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const p = (probe.address() as { port: number }).port;
      probe.close(() => resolve(p));
    });
  });
}

/** Writes a key set as PEM files (`<purpose>.private.pem` / `.public.pem`), the layout `loadKeys({ keysDir })` reads. */
export function writeKeys(keys: Keys, dir: string): void {
  mkdirSync(dir, { recursive: true });
  for (const purpose of ['access', 'service'] as const) {
    const pair = keys[purpose];
    if (pair.privateKey) writeFileSync(join(dir, `${purpose}.private.pem`), pair.privateKey.export({ type: 'pkcs8', format: 'pem' }));
    writeFileSync(join(dir, `${purpose}.public.pem`), pair.publicKey.export({ type: 'spki', format: 'pem' }));
  }
}

/** A gateway under test: a runner file under bench/gateways/; `exact`: its answer must equal stock's byte for byte. */
export interface GatewayRunner {
  name: string;
  file: string;
  exact: boolean;
  env?: Record<string, string>;
}

/**
 * Whether a gateway answered like stock @apollo/gateway. `exact` runners must match byte for byte. Hive Gateway
 * builds its response in its own key order and words some errors differently, so otherwise `data` is compared as
 * parsed JSON (key order ignored, every value and list order significant) and errors by message and path.
 */
export function sameResponse(exact: boolean, reference: string, text: string): boolean {
  if (exact) return reference === text;
  type Body = { data?: unknown; errors?: { message: string; path?: unknown }[] };
  const a = JSON.parse(reference) as Body;
  const b = JSON.parse(text) as Body;
  const errs = (x: Body) => (x.errors ?? []).map((e) => ({ message: e.message, path: e.path ?? null }));
  return isDeepStrictEqual(a.data, b.data) && isDeepStrictEqual(errs(a), errs(b));
}

/**
 * Starts a gateway runner (one node process) on `core` (or unpinned) against the given subgraph URLs and waits for its
 * "ready" line. The runner reads SUPERGRAPH_PATH, SUBGRAPH_URLS (JSON), PORT and KEYS_DIR.
 */
export async function startGatewayRunner(
  g: GatewayRunner,
  opts: { subgraphUrls: Record<string, string>; core: number | null; supergraphPath: string; keysDir: string },
): Promise<{ child: ChildProcess; url: string }> {
  const port = await freePort();
  const env = { SUPERGRAPH_PATH: opts.supergraphPath, SUBGRAPH_URLS: JSON.stringify(opts.subgraphUrls), PORT: String(port), KEYS_DIR: opts.keysDir, ...g.env };
  const child = spawnOnCore(opts.core, 'node', tsNode(join(repoRoot, 'bench', 'gateways', g.file)), env);
  await firstLine(child);
  return { child, url: `http://127.0.0.1:${port}/graphql` };
}
