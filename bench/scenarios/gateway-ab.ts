/**
 * Interleaved A/B of stock @apollo/gateway and our gateway's optimisations on scenario 1 (deep): every variant runs
 * at once in its own process on core 0 (idle unless loaded), and the load goes round-robin — variant after variant,
 * `--rounds` times — so a change in the machine's background load hits every variant alike. Medians per variant.
 * Replays bench/.runs/recordings.json (run `pnpm --filter @emporium/bench gateway` once first).
 *
 *   taskset -c 1 pnpm --filter @emporium/bench gateway:ab [--rounds 4] [--seconds 10] [--connections 50]
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { createServer } from 'node:net';
import { shippedGatewayNodeOptions } from '../lib/shipped.ts';
import { loadavg } from 'node:os';
import { loadKeys, repoRoot, signAccessToken } from '@emporium/kit';
import { median, runLoad, type RunResult } from '../lib/load.ts';
import { appendResult, table } from '../lib/results.ts';
import { gatewayScenarios } from './queries.ts';

const args = process.argv.slice(2);
const arg = (name: string, fallback: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? (args[i + 1] ?? fallback) : fallback;
};
const rounds = Number(arg('rounds', '4'));
const seconds = Number(arg('seconds', '10'));
const connections = Number(arg('connections', '50'));
const runDir = join(repoRoot, 'bench', '.runs');
const keysDir = join(runDir, 'keys');
const pinned = spawnSync('taskset', ['--version']).status === 0;

const variants: { name: string; file: string; env: Record<string, string> }[] = [
  { name: 'stock @apollo/gateway', file: 'stock.ts', env: {} },
  { name: "ours with @apollo/gateway's executor (GATEWAY_EXECUTOR=apollo)", file: 'ours.ts', env: { GATEWAY_EXECUTOR: 'apollo', NODE_OPTIONS: shippedGatewayNodeOptions() } },
  { name: 'ours without the fast path (GATEWAY_FAST_PATH=false)', file: 'ours.ts', env: { GATEWAY_FAST_PATH: 'false', NODE_OPTIONS: shippedGatewayNodeOptions() } },
  { name: 'ours as shipped (executor/, fast path, Node flags of its start script)', file: 'ours.ts', env: { NODE_OPTIONS: shippedGatewayNodeOptions() } },
];

const children: ChildProcess[] = [];
process.on('exit', () => children.forEach((c) => c.kill('SIGKILL')));
const start = (core: number, nodeArgs: string[], env: Record<string, string>) => {
  const child = spawn(pinned ? 'taskset' : 'node', pinned ? ['-c', String(core), 'node', ...nodeArgs] : nodeArgs, {
    cwd: join(repoRoot, 'bench'),
    env: { ...process.env, ...env, APOLLO_TELEMETRY_DISABLED: 'true' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  children.push(child);
  return new Promise<{ child: ChildProcess; line: string }>((resolve, reject) => {
    let buf = '';
    child.stdout?.on('data', (c: Buffer) => {
      buf += c.toString();
      if (buf.includes('\n')) resolve({ child, line: buf.slice(0, buf.indexOf('\n')) });
    });
    child.once('exit', (code) => reject(new Error(`exited (${code}) before it was ready`)));
  });
};
const freePort = () =>
  new Promise<number>((resolve) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const p = (probe.address() as { port: number }).port;
      probe.close(() => resolve(p));
    });
  });

const keys = loadKeys({ keysDir, generate: false });
const token = await signAccessToken(keys.access, { userId: '00000000-0000-4000-8000-000000000001', roles: ['customer'] }, { ttlSeconds: 3600 });
const replay = await start(1, ['--import', 'tsx', join('lib', 'replay-server.ts'), join(runDir, 'recordings.json')], {});
const { urls } = JSON.parse(replay.line) as { urls: Record<string, string> };
const s = gatewayScenarios.deep;
const body = JSON.stringify({ query: s.query, operationName: s.operationName });
const headers = { authorization: `Bearer ${token}` };
const running: { name: string; url: string }[] = [];
let reference: string | undefined;
for (const v of variants) {
  const port = await freePort();
  await start(0, ['--import', 'tsx', join('gateways', v.file)], { SUPERGRAPH_PATH: join(repoRoot, 'schema', 'supergraph.graphql'), SUBGRAPH_URLS: JSON.stringify(urls), PORT: String(port), KEYS_DIR: keysDir, ...v.env });
  const url = `http://127.0.0.1:${port}/graphql`;
  const text = await (await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body })).text();
  reference ??= text;
  if (text !== reference) throw new Error(`${v.name} answered the deep query differently from stock @apollo/gateway.`);
  console.error(`${v.name}: ready, response byte-identical to stock; warm-up 5 s`);
  await runLoad({ url, body, headers, connections, seconds: 5 });
  running.push({ name: v.name, url });
}
const results = new Map<string, RunResult[]>();
for (let r = 1; r <= rounds; r++) {
  for (const v of running) {
    const m = await runLoad({ url: v.url, body, headers, connections, seconds });
    results.set(v.name, [...(results.get(v.name) ?? []), m]);
    console.error(`round ${r}/${rounds} · ${v.name}: ${m.rps.toFixed(0)} req/s, p50 ${m.p50} ms`);
  }
}
const load = loadavg().map((l) => l.toFixed(2)).join(' / ');
const base = median(results.get(variants[0]!.name)!.map((m) => m.rps));
appendResult(
  'Gateway, scenario 1 (deep): our optimisations, interleaved A/B',
  { connections, seconds, rounds, cores: pinned ? 'gateways on core 0 (one loaded at a time); replayed subgraphs + autocannon on core 1' : 'not pinned', 'load average (1/5/15 min) at the end': load },
  table(
    ['variant', 'req/s (median)', 'vs stock', 'req/s per round', 'p50 ms', 'p99 ms'],
    [...results].map(([name, ms]) => {
      const rps = median(ms.map((m) => m.rps));
      return [name, rps.toFixed(0), `${(rps / base).toFixed(2)}×`, ms.map((m) => m.rps.toFixed(0)).join(' · '), median(ms.map((m) => m.p50)), median(ms.map((m) => m.p99))];
    }),
  ),
);
for (const c of children) c.kill('SIGKILL');
