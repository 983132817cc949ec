/**
 * CPU profile of one gateway on one scenario: replays the recorded subgraphs (bench/.runs/recordings.json, made by
 * `pnpm --filter @emporium/bench gateway`), runs the gateway runner under `node --cpu-prof`, loads it with autocannon
 * and prints the functions with the most self time (the .cpuprofile stays in bench/.runs/profiles/ for DevTools).
 *
 *   taskset -c 1 pnpm --filter @emporium/bench gateway:profile [--gateway ours.ts] [--scenario deep] [--seconds 15]
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { createServer } from 'node:net';
import { repoRoot, signAccessToken } from '@emporium/kit';
import { loadKeys } from '@emporium/kit';
import { runLoad } from '../lib/load.ts';
import { shippedGatewayNodeOptions } from '../lib/shipped.ts';
import { gatewayScenarios, type GatewayScenario } from './queries.ts';

const args = process.argv.slice(2);
const arg = (name: string, fallback: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? (args[i + 1] ?? fallback) : fallback;
};
const file = arg('gateway', 'ours.ts');
const scenario = arg('scenario', 'deep') as GatewayScenario;
const seconds = Number(arg('seconds', '15'));
const runDir = join(repoRoot, 'bench', '.runs');
const profDir = join(runDir, 'profiles', `${file.replace(/\W+/g, '-')}-${scenario}`);
rmSync(profDir, { recursive: true, force: true });
mkdirSync(profDir, { recursive: true });
const keysDir = join(runDir, 'keys');
const keys = loadKeys({ keysDir, generate: false });
const token = await signAccessToken(keys.access, { userId: '00000000-0000-4000-8000-000000000001', roles: ['customer'] }, { ttlSeconds: 3600 });

const started: ChildProcess[] = [];
process.on('exit', () => started.forEach((c) => c.kill('SIGKILL')));
const run = (nodeArgs: string[], env: Record<string, string> = {}) => {
  const child = spawn('node', nodeArgs, { cwd: join(repoRoot, 'bench'), env: { ...process.env, ...env, APOLLO_TELEMETRY_DISABLED: 'true' }, stdio: ['ignore', 'pipe', 'inherit'] });
  started.push(child);
  return child;
};
const firstLine = (child: ChildProcess) =>
  new Promise<string>((resolve, reject) => {
    let buf = '';
    child.stdout?.on('data', (c: Buffer) => {
      buf += c.toString();
      if (buf.includes('\n')) resolve(buf.slice(0, buf.indexOf('\n')));
    });
    child.once('exit', (code) => reject(new Error(`exited (${code}) before it was ready`)));
  });

const replay = run(['--import', 'tsx', join('lib', 'replay-server.ts'), join(runDir, 'recordings.json')]);
const { urls } = JSON.parse(await firstLine(replay)) as { urls: Record<string, string> };
const port = await new Promise<number>((resolve) => {
  const probe = createServer().listen(0, '127.0.0.1', () => {
    const p = (probe.address() as { port: number }).port;
    probe.close(() => resolve(p));
  });
});
const gw = run(['--cpu-prof', '--cpu-prof-dir', profDir, '--import', 'tsx', '--import', join(import.meta.dirname, '..', 'lib', 'exit-on-signal.ts'), join('gateways', file)], {
  SUPERGRAPH_PATH: join(repoRoot, 'schema', 'supergraph.graphql'),
  SUBGRAPH_URLS: JSON.stringify(urls),
  PORT: String(port),
  KEYS_DIR: keysDir,
  // Ours runs with the Node flags of its start script, as shipped.
  ...(file === 'ours.ts' ? { NODE_OPTIONS: shippedGatewayNodeOptions() } : {}),
});
await firstLine(gw);
const s = gatewayScenarios[scenario];
const load = { url: `http://127.0.0.1:${port}/graphql`, body: JSON.stringify({ query: s.query, operationName: s.operationName }), headers: { authorization: `Bearer ${token}` }, connections: 50 };
console.error(`warm-up 5 s, then ${seconds} s of ${scenario} through ${file} under --cpu-prof`);
await runLoad({ ...load, seconds: 5 });
const r = await runLoad({ ...load, seconds });
console.error(`${r.rps.toFixed(0)} req/s (slowed by the profiler), p50 ${r.p50} ms`);
await new Promise<void>((resolve) => {
  gw.once('exit', () => resolve());
  gw.kill('SIGTERM');
});
replay.kill('SIGKILL');

interface ProfileNode { id: number; callFrame: { functionName: string; url: string; lineNumber: number }; children?: number[] }
const prof = JSON.parse(readFileSync(join(profDir, readdirSync(profDir).find((f) => f.endsWith('.cpuprofile'))!), 'utf8')) as { nodes: ProfileNode[]; samples: number[]; timeDeltas: number[] };
const self = new Map<number, number>();
prof.samples.forEach((id, i) => self.set(id, (self.get(id) ?? 0) + (prof.timeDeltas[i] ?? 0)));
const total = [...self.values()].reduce((a, b) => a + b, 0);
const byFunction = new Map<string, number>();
const byPackage = new Map<string, number>();
for (const n of prof.nodes) {
  const t = self.get(n.id) ?? 0;
  const where = n.callFrame.url.replace(/^.*node_modules\/(?:\.pnpm\/[^/]+\/node_modules\/)?/, '').replace(/^file:\/\/\/work\/main\//, '');
  const key = `${n.callFrame.functionName || '(anonymous)'} ${where}:${n.callFrame.lineNumber + 1}`;
  byFunction.set(key, (byFunction.get(key) ?? 0) + t);
  const pkg = /^(@[^/]+\/[^/]+|[^/]+)/.exec(where)?.[1] ?? n.callFrame.functionName;
  byPackage.set(pkg || '(native)', (byPackage.get(pkg || '(native)') ?? 0) + t);
}
const top = (m: Map<string, number>, n: number) => [...m].sort((a, b) => b[1] - a[1]).slice(0, n).map(([k, v]) => `${((100 * v) / total).toFixed(1).padStart(5)}%  ${k}`);
console.log(`self time by package / file root (${file}, ${scenario}):\n${top(byPackage, 15).join('\n')}\n\nself time by function:\n${top(byFunction, 30).join('\n')}`);
