/**
 * Gateway benchmark (scenarios 1 "deep" and 5 "shallow"): the subgraphs are replayed from memory on core 1 so each
 * gateway — alone in its process on core 0 — is the bottleneck; autocannon runs on core 1 with this script.
 *
 *   taskset -c 1 pnpm --filter @emporium/bench gateway [--scenario deep|shallow|all] [--seconds 20] [--runs 3]
 *     [--connections 50] [--rows 541909] [--record]
 *
 * Recording (first run, or --record) starts the real platform on PGlite seeded with the Online Retail data, runs each
 * scenario once through every gateway (each plans and batches differently, so each sends its own subgraph requests)
 * and keeps every subgraph answer in bench/.runs/recordings.json, with the subgraph traffic each gateway caused in
 * bench/.runs/traffic.json. Before measuring, every gateway's response is checked against stock @apollo/gateway's
 * (sameResponse: ours byte for byte; Hive Gateway as parsed JSON).
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { fixedClock, repoRoot, signAccessToken } from '@emporium/kit';
import { createTestKeys } from '@emporium/kit/testing';
import { startPlatform } from '@emporium/platform';
import { firstLine, pinningAvailable, sameResponse, spawnOnCore, startGatewayRunner, stopped, tsNode, writeKeys, type GatewayRunner } from '../lib/gateways.ts';
import { measure } from '../lib/load.ts';
import { rssMiB } from '../lib/machine.ts';
import { startRecorders } from '../lib/record.ts';
import { appendResult, table } from '../lib/results.ts';
import { shippedGatewayNodeOptions } from '../lib/shipped.ts';
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
const trafficFile = join(runDir, 'traffic.json');
const keysDir = join(runDir, 'keys');
const supergraph = join(repoRoot, 'schema', 'supergraph.graphql');
mkdirSync(runDir, { recursive: true });
if (!pinningAvailable) log('taskset not found: processes are not pinned to cores; results are less comparable.');
const keys = createTestKeys();
writeKeys(keys, keysDir);
const token = await signAccessToken(keys.access, { userId: '00000000-0000-4000-8000-000000000001', roles: ['customer'] }, { ttlSeconds: 24 * 3600 });

/** The gateways under test, stock first (the reference); `exact`: its response must equal stock's byte for byte. */
interface Gateway extends GatewayRunner {
  /** Only these scenarios (default: all). */
  only?: GatewayScenario[];
}
const gateways: Gateway[] = [
  { name: 'stock @apollo/gateway', file: 'stock.ts', exact: true },
  { name: 'Hive Gateway', file: 'hive/hive.ts', exact: false },
  { name: 'Hive Gateway + router-runtime', file: 'hive/hive-router.ts', exact: false },
  // Our gateway executing plans with @apollo/gateway's executor (as before executor/), to measure what ours is worth.
  { name: "Emporium gateway, @apollo/gateway's executor", file: 'ours.ts', exact: true, env: { GATEWAY_EXECUTOR: 'apollo', NODE_OPTIONS: shippedGatewayNodeOptions() }, only: ['deep'] },
  // And without the Node flags of its start script (a larger young generation), to show what they are worth.
  { name: 'Emporium gateway, default Node flags', file: 'ours.ts', exact: true, only: ['deep'] },
  // Ours as shipped: with the Node flags of its start script (gateway/package.json).
  { name: 'Emporium gateway', file: 'ours.ts', exact: true, env: { NODE_OPTIONS: shippedGatewayNodeOptions() } },
];
const scenariosOf = (g: Gateway, list: GatewayScenario[]) => list.filter((s) => !g.only || g.only.includes(s));

const headers = { authorization: `Bearer ${token}` };
const ask = async (url: string, name: GatewayScenario) => {
  const s = gatewayScenarios[name];
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify({ query: s.query, operationName: s.operationName }) });
  return res.text();
};
const startGateway = (g: Gateway, subgraphUrls: Record<string, string>, core: number | null) =>
  startGatewayRunner(g, { subgraphUrls, core, supergraphPath: supergraph, keysDir });

type TrafficByGateway = Record<string, Record<string, { requests: number; representations: number }>>;

async function record(): Promise<Recordings> {
  log(`recording subgraph answers from the real platform (PGlite, first ${rows.toLocaleString('en-GB')} rows)…`);
  const platform = await startPlatform({ ports: 'ephemeral', dataDir: 'memory', seed: { maxRows: rows }, keys, clock: fixedClock(new Date()), logLevel: 'error', progress: log });
  const recorders = await startRecorders(platform.subgraphUrls);
  const traffic: TrafficByGateway = {};
  const reference: Record<string, string> = {};
  try {
    for (const g of gateways) {
      const { child, url } = await startGateway(g, recorders.urls, null);
      try {
        for (const name of scenariosOf(g, Object.keys(gatewayScenarios) as GatewayScenario[])) {
          recorders.resetTraffic();
          const text = await ask(url, name);
          const body = JSON.parse(text) as { errors?: unknown[] };
          if (body.errors) throw new Error(`recording ${name} through ${g.name} failed: ${JSON.stringify(body.errors)}`);
          (traffic[g.name] ??= {})[name] = { ...recorders.traffic };
          reference[name] ??= text;
          if (!sameResponse(g.exact, reference[name]!, text)) throw new Error(`${g.name} answered ${name} differently from stock @apollo/gateway.`);
          log(`  ${g.name} · ${name}: ${(text.length / 1024).toFixed(1)} KB, ${recorders.traffic.requests} subgraph requests, ${recorders.traffic.representations} representations`);
        }
      } finally {
        await stopped(child);
      }
    }
  } finally {
    await recorders.close();
    await platform.stop();
  }
  writeFileSync(recordingsFile, JSON.stringify(recorders.recordings));
  writeFileSync(trafficFile, JSON.stringify(traffic, null, 2));
  return recorders.recordings;
}

if (args.includes('--record') || !existsSync(recordingsFile)) await record();
const traffic = (existsSync(trafficFile) ? JSON.parse(readFileSync(trafficFile, 'utf8')) : {}) as TrafficByGateway;
const replay = spawnOnCore(1, 'node', [...tsNode(join(repoRoot, 'bench', 'lib', 'replay-server.ts')), recordingsFile], {});
const { urls } = JSON.parse(await firstLine(replay)) as { urls: Record<string, string> };

const results: Record<string, Record<string, Awaited<ReturnType<typeof measure>> & { rss: number | null; fetchesPerResponse: number }>> = {};
/** Subgraph answers the replay has served so far (all subgraphs). */
const replayAnswered = async () => {
  const res = await fetch(Object.values(urls)[0]!.replace(/\/graphql$/, '/count'));
  return ((await res.json()) as { answered: number }).answered;
};
const reference: Record<string, string> = {};
try {
  for (const g of gateways) {
    log(`\n${g.name}`);
    const { child, url } = await startGateway(g, urls, 0);
    try {
      for (const name of scenariosOf(g, scenarios)) {
        const s = gatewayScenarios[name];
        const body = JSON.stringify({ query: s.query, operationName: s.operationName });
        // Twice: a repeated operation may take another path than the first (ours: its fast path after Apollo Server).
        for (let i = 0; i < 2; i++) {
          const check = await ask(url, name);
          reference[name] ??= check;
          if (!sameResponse(g.exact, reference[name]!, check)) throw new Error(`${g.name} answered ${name} differently from stock @apollo/gateway.`);
        }
        log(`${name}: response ${g.exact ? 'byte-identical' : 'identical (parsed)'} to stock; measuring ${runs} × ${seconds} s at ${connections} connections`);
        const answeredBefore = await replayAnswered();
        const m = await measure({ url, body, headers, connections, seconds, warmupSeconds: Math.min(5, seconds), runs }, log);
        // Every response under load must have cost its subgraph requests (no gateway answers from a cache).
        const fetched = (await replayAnswered()) - answeredBefore;
        (results[name] ??= {})[g.name] = { ...m, rss: child.pid ? rssMiB(child.pid) : null, fetchesPerResponse: m.responses ? fetched / m.responses : 0 };
      }
    } finally {
      await stopped(child);
    }
  }
} finally {
  await stopped(replay);
}

const load = loadavg().map((l) => l.toFixed(2)).join(' / ');
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
    traffic[g]?.[name] ? `${traffic[g][name].requests} / ${traffic[g][name].representations}` : 'as above',
    r.fetchesPerResponse.toFixed(2),
    r.errors + r.non2xx,
  ]);
  appendResult(
    `Gateway, scenario ${name === 'deep' ? '1 (deep entity query)' : '5 (shallow query)'}`,
    { connections, seconds, runs, warmup: Math.min(5, seconds), cores: pinningAvailable ? 'gateway on core 0; replayed subgraphs + autocannon on core 1' : 'not pinned', 'load average (1/5/15 min) at the end': load },
    table(['gateway', 'req/s (median)', 'vs stock', 'p50 ms', 'p95 ms', 'p99 ms', 'p50 vs stock', 'RSS MiB', 'KB/response', 'subgraph requests / representations per query', 'subgraph requests per response under load', 'errors'], rowsOut),
  );
}
