/**
 * CPU time of our plan executor per request, in process (no HTTP, no Apollo Server): executes the deep query's plan
 * against the recorded subgraph answers (bench/.runs/recordings.json, made by `pnpm --filter @emporium/bench gateway`)
 * — body writing, JSON.parse of each answer, merging, shaping and JSON.stringify of the response — and prints the
 * median CPU milliseconds per request over batches. A steady number to optimise the executor against, even on a
 * busy machine (CPU time, not wall time).
 *
 *   pnpm --filter @emporium/bench executor:cpu [--scenario deep] [--iterations 400]
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { OperationRunner } from '@emporium/gateway/executor';
import { repoRoot } from '@emporium/kit';
import { parse, type OperationDefinitionNode } from 'graphql';
import { replayKey, type Recordings } from '../lib/replay-key.ts';
import { gatewayScenarios, type GatewayScenario } from './queries.ts';

const args = process.argv.slice(2);
const arg = (name: string, fallback: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? (args[i + 1] ?? fallback) : fallback;
};
const scenario = gatewayScenarios[arg('scenario', 'deep') as GatewayScenario];
const iterations = Number(arg('iterations', '400'));

const recordings = JSON.parse(readFileSync(join(repoRoot, 'bench', '.runs', 'recordings.json'), 'utf8')) as Recordings;
const runner = new OperationRunner(readFileSync(join(repoRoot, 'schema', 'supergraph.graphql'), 'utf8'));
const schema = runner.graphqlSchema();
const document = parse(scenario.query);
const operation = document.definitions[0] as OperationDefinitionNode;
const prepared = runner.prepare(schema, document, operation, scenario.operationName);

// Each distinct request body is looked up once, so the loop measures the executor, not the replay lookup.
const answers = new Map<string, string>();
const send = async (service: string, body: string) => {
  let text = answers.get(body);
  if (text === undefined) {
    text = recordings[service]?.[replayKey(body)];
    if (text === undefined) throw new Error(`no recording for a ${service} request`);
    answers.set(body, text);
  }
  return JSON.parse(text) as Record<string, unknown>;
};
const once = async () => {
  const result = await runner.run(schema, operation, prepared, undefined, send);
  if (result.errors?.length) throw new Error(`errors: ${result.errors.map((e) => e.message).join('; ')}`);
  return JSON.stringify(result);
};

const size = (await once()).length;
const perBatch: number[] = [];
const batch = 20;
for (let done = 0; done < iterations; done += batch) {
  const started = process.cpuUsage();
  for (let i = 0; i < batch; i++) await once();
  const used = process.cpuUsage(started);
  perBatch.push((used.user + used.system) / 1000 / batch);
}
perBatch.sort((a, b) => a - b);
console.log(`${arg('scenario', 'deep')}: ${(size / 1024).toFixed(1)} KB response, CPU per request median ${perBatch[perBatch.length >> 1]!.toFixed(2)} ms (min ${perBatch[0]!.toFixed(2)}, ${iterations} requests in batches of ${batch})`);
