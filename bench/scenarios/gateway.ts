/**
 * Gateway benchmark (scenarios 1 "deep" and 5 "shallow"): the subgraphs are replayed from memory on core 1 so each
 * gateway — alone in its process on core 0 — is the bottleneck; autocannon runs on core 1 with this script.
 *
 *   taskset -c 1 pnpm --filter @emporium/bench gateway [--scenario deep|shallow|all] [--seconds 20] [--runs 3]
 *     [--connections 50] [--rows 541909] [--record]
 *
 * Recording (first run, or --record) starts the real platform on PGlite seeded with the Online Retail data and keeps
 * every subgraph answer for the scenario queries in bench/.runs/recordings.json. Before measuring, every gateway's
 * response is checked to be identical to stock @apollo/gateway's.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { isDeepStrictEqual } from 'node:util';
import { join } from 'node:path';
import { fixedClock, repoRoot, signAccessToken } from '@emporium/kit';
import { createTestKeys } from '@emporium/kit/testing';
import { createGateway } from '@emporium/gateway';
import { createLogger } from '@emporium/kit';
import { startPlatform } from '@emporium/platform';
import { measure } from '../lib/load.ts';
import { rssMiB } from '../lib/machine.ts';
import { startRecorders } from '../lib/record.ts';
import { appendResult, table } from '../lib/results.ts';
import type { Recordings } from '../lib/replay-key.ts';
import { gatewayScenarios, type GatewayScenario } from './queries.ts';

const args = process.argv.slice(2);
const arg = (name: string, fallback: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? (args[i + 1] ?? fallback) : fallback;
};
const scenarioArg = arg('scenario', 'all');
const scenarios = (scenarioArg === 'all' ? Object.keys(gatewayScenarios) : [scenarioArg]) as GatewayScenario[];
const seconds = Number(arg('seconds', '20'));
const runs = Number(arg('runs', '3'));
const connections = Number(arg('connections', '50'));
const rows = Number(arg('rows', '541909'));
const log = (line: string) => console.error(line);

const runDir = join(repoRoot, 'bench', '.runs');
const recordingsFile = join(runDir, 'recordings.json');
const keysDir = join(runDir, 'keys');
const supergraph = join(repoRoot, 'schema', 'supergraph.graphql');
mkdirSync(runDir, { recursive: true });
const pinned = spawnSync('taskset', ['--version']).status === 0;
if (!pinned) log('taskset not found: processes are not pinned to cores; results are less comparable.');
const children = new Set<ChildProcess>();
process.on('exit', () => {
  for (const c of children) c.kill('SIGKILL');
});
const onCore = (core: number, cmd: string, cmdArgs: string[], env: Record<string, string>) => {
  const child = spawn(pinned ? 'taskset' : cmd, pinned ? ['-c', String(core), cmd, ...cmdArgs] : cmdArgs, {
    env: { ...process.env, ...env, APOLLO_TELEMETRY_DISABLED: 'true' },
    stdio: ['ignore', 'pipe', 'inherit'],
    cwd: join(repoRoot, 'bench'),
  });
  children.add(child);
  child.once('exit', () => children.delete(child));
  return child;
};
const firstLine = (child: ChildProcess) =>
  new Promise<string>((resolve, reject) => {
    let buf = '';
    child.stdout?.on('data', (c: Buffer) => {
      buf += c.toString();
      const nl = buf.indexOf('\n');
      if (nl >= 0) resolve(buf.slice(0, nl));
    });
    child.once('exit', (code) => reject(new Error(`process exited (${code}) before it was ready`)));
  });
/** Runs a TypeScript file as ONE node process (tsx as a loader, not its CLI, which would fork a second process). */
const tsNode = (file: string) => ['--import', 'tsx', file];
const stopped = (child: ChildProcess) =>
  new Promise<void>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    child.once('exit', () => resolve());
    child.kill('SIGKILL');
  });

// Keys for our gateway (it verifies the benchmark's bearer token, as shipped).
const keys = createTestKeys();
if (!existsSync(keysDir)) mkdirSync(keysDir, { recursive: true });
for (const purpose of ['access', 'service'] as const) {
  writeFileSync(join(keysDir, `${purpose}.private.pem`), keys[purpose].privateKey!.export({ type: 'pkcs8', format: 'pem' }));
  writeFileSync(join(keysDir, `${purpose}.public.pem`), keys[purpose].publicKey.export({ type: 'spki', format: 'pem' }));
}
const token = await signAccessToken(keys.access, { userId: '00000000-0000-4000-8000-000000000001', roles: ['customer'] }, { ttlSeconds: 24 * 3600 });

async function record(): Promise<Recordings> {
  log(`recording subgraph answers from the real platform (PGlite, first ${rows.toLocaleString('en-GB')} rows)…`);
  const platform = await startPlatform({ ports: 'ephemeral', dataDir: 'memory', seed: { maxRows: rows }, keys, clock: fixedClock(new Date()), logLevel: 'error', progress: log });
  const recorders = await startRecorders(platform.subgraphUrls);
  const gw = await createGateway({ supergraphSdl: readFileSync(supergraph, 'utf8'), subgraphUrls: recorders.urls, keys, logger: createLogger('gateway', 'error') });
  for (const s of Object.values(gatewayScenarios)) {
    const res = await gw.inject({ method: 'POST', url: '/graphql', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, payload: { query: s.query, operationName: s.operationName } });
    const body = res.json() as { errors?: unknown[] };
    if (body.errors) throw new Error(`recording ${s.operationName} failed: ${JSON.stringify(body.errors)}`);
    log(`  ${s.operationName}: ${(res.body.length / 1024).toFixed(1)} KB response`);
  }
  await gw.close();
  await recorders.close();
  await platform.stop();
  writeFileSync(recordingsFile, JSON.stringify(recorders.recordings));
  return recorders.recordings;
}

if (args.includes('--record') || !existsSync(recordingsFile)) await record();
const replay = onCore(1, 'node', [...tsNode(join(repoRoot, 'bench', 'lib', 'replay-server.ts')), recordingsFile], {});
const { urls } = JSON.parse(await firstLine(replay)) as { urls: Record<string, string> };

const gateways = [
  { name: 'stock @apollo/gateway', file: 'stock.ts' },
  { name: 'Emporium gateway', file: 'ours.ts' },
];
const port = await new Promise<number>((resolve) => {
  const probe = createServer().listen(0, '127.0.0.1', () => {
    const p = (probe.address() as { port: number }).port;
    probe.close(() => resolve(p));
  });
});
const url = `http://127.0.0.1:${port}/graphql`;
const results: Record<string, Record<string, Awaited<ReturnType<typeof measure>> & { rss: number | null }>> = {};
let reference: Record<string, unknown> = {};
try {
  for (const g of gateways) {
    log(`\n${g.name}`);
    const child = onCore(0, 'node', tsNode(join(repoRoot, 'bench', 'gateways', g.file)), {
      SUPERGRAPH_PATH: supergraph,
      SUBGRAPH_URLS: JSON.stringify(urls),
      PORT: String(port),
      KEYS_DIR: keysDir,
    });
    try {
      await firstLine(child);
      for (const name of scenarios) {
        const s = gatewayScenarios[name];
        const body = JSON.stringify({ query: s.query, operationName: s.operationName });
        const headers = { authorization: `Bearer ${token}` };
        const check = (await (await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body })).json()) as unknown;
        if (!(name in reference)) reference[name] = check;
        else if (!isDeepStrictEqual(reference[name], check)) throw new Error(`${g.name} answered ${name} differently from stock @apollo/gateway.`);
        log(`${name}: response identical to stock; measuring ${runs} × ${seconds} s at ${connections} connections`);
        const m = await measure({ url, body, headers, connections, seconds, warmupSeconds: Math.min(5, seconds), runs }, log);
        (results[name] ??= {})[g.name] = { ...m, rss: child.pid ? rssMiB(child.pid) : null };
      }
    } finally {
      await stopped(child);
    }
  }
} finally {
  await stopped(replay);
}

for (const name of scenarios) {
  const byGateway = results[name] ?? {};
  const base = byGateway[gateways[0]!.name];
  const rowsOut = Object.entries(byGateway).map(([g, r]) => [
    g,
    r.rps.toFixed(0),
    base ? `${(r.rps / base.rps).toFixed(2)}×` : '',
    r.p50, r.p95, r.p99,
    base ? `${(r.p50 / base.p50).toFixed(2)}×` : '',
    r.rss ?? 'n/a',
    (r.bytesPerResponse / 1024).toFixed(1),
    r.errors + r.non2xx,
  ]);
  appendResult(
    `Gateway, scenario ${name === 'deep' ? '1 (deep entity query)' : '5 (shallow query)'}`,
    { connections, seconds, runs, warmup: Math.min(5, seconds), cores: pinned ? 'gateway on core 0; replayed subgraphs + autocannon on core 1' : 'not pinned' },
    table(['gateway', 'req/s (median)', 'vs stock', 'p50 ms', 'p95 ms', 'p99 ms', 'p50 vs stock', 'RSS MiB', 'KB/response', 'errors'], rowsOut),
  );
}
