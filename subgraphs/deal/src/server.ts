import { readFileSync } from 'node:fs';
import { createSubgraphServer, type SubgraphHandle } from '@emporium/kit';
import { parse } from 'graphql';
import { createLoaders } from './loaders.ts';
import { resolvers } from './resolvers/index.ts';
import type { DealRuntime } from './runtime.ts';

/** The deal subgraph's SDL (schema.graphql is the single source for server, composition and codegen). */
export const typeDefs = parse(readFileSync(new URL('../schema.graphql', import.meta.url), 'utf8'));

/** Builds the deal subgraph's HTTP app on an open runtime; it does not listen. */
export async function buildDealSubgraph(rt: DealRuntime, opts: { jit?: boolean } = {}): Promise<SubgraphHandle> {
  const app = await createSubgraphServer({
    name: 'deal',
    typeDefs,
    resolvers,
    verifier: rt.verifier,
    logger: rt.logger,
    jit: opts.jit ?? rt.config.jit,
    context: () => ({ rt, loaders: createLoaders(rt) }),
    ready: () => rt.db.ping(),
  });
  return {
    app,
    /** Background work: none — the deal subgraph publishes no events yet. */
    async start() {},
    async stop() {
      await app.close();
    },
  };
}
