import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '../paths.ts';

/** A subgraph of the supergraph and its default port (schema/subgraphs.json). */
export interface SubgraphEntry {
  name: string;
  port: number;
}

let cached: readonly SubgraphEntry[] | undefined;

/** The subgraphs listed in schema/subgraphs.json, in composition order. */
export function subgraphRegistry(): readonly SubgraphEntry[] {
  if (!cached) {
    const file = JSON.parse(readFileSync(join(repoRoot, 'schema', 'subgraphs.json'), 'utf8')) as {
      subgraphs: SubgraphEntry[];
    };
    cached = Object.freeze(file.subgraphs.map((s) => Object.freeze({ ...s })));
  }
  return cached;
}

/** The env variable that overrides a subgraph's URL, e.g. `INVENTORY_URL`. */
export function subgraphUrlVariable(name: string): string {
  return `${name.toUpperCase()}_URL`;
}

/** The GraphQL URL of a subgraph: `<NAME>_URL` when set, else localhost on its default port. */
export function subgraphUrl(name: string, env: Record<string, string | undefined> = process.env): string {
  const override = env[subgraphUrlVariable(name)];
  if (override) return override;
  const entry = subgraphRegistry().find((s) => s.name === name);
  if (!entry) throw new Error(`Unknown subgraph "${name}" (not in schema/subgraphs.json).`);
  return `http://127.0.0.1:${entry.port}/graphql`;
}
