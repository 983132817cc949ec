import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createLogger, repoRoot, subgraphRegistry } from '@emporium/kit';
import { createTestKeys } from '@emporium/kit/testing';
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import { createGateway, type GatewayOptions } from '../src/server.ts';

/** A stand-in subgraph that answers every POST with `handler` and counts the calls it received. */
export async function fakeSubgraph(handler: (req: FastifyRequest, reply: FastifyReply, call: number) => unknown): Promise<{ app: FastifyInstance; url: string; calls: () => number }> {
  let calls = 0;
  const app = Fastify();
  app.post('/graphql', async (req, reply) => handler(req, reply, ++calls));
  await app.listen({ host: '127.0.0.1', port: 0 });
  return { app, url: `http://127.0.0.1:${(app.server.address() as { port: number }).port}/graphql`, calls: () => calls };
}

/** A loopback URL on which nothing listens (a port the OS just handed out and took back). */
export async function closedUrl(): Promise<string> {
  const probe = Fastify();
  await probe.listen({ host: '127.0.0.1', port: 0 });
  const port = (probe.server.address() as { port: number }).port;
  await probe.close();
  return `http://127.0.0.1:${port}/graphql`;
}

/** A gateway on the real supergraph whose subgraphs are the given URLs (others point at a closed port). */
export async function gatewayWith(urls: Record<string, string>, extra: Partial<GatewayOptions> = {}) {
  const closed = await closedUrl();
  const all = Object.fromEntries(subgraphRegistry().map(({ name }) => [name, urls[name] ?? closed]));
  return createGateway({
    supergraphSdl: readFileSync(join(repoRoot, 'schema', 'supergraph.graphql'), 'utf8'),
    subgraphUrls: all,
    keys: createTestKeys(),
    logger: createLogger('gateway', 'silent'),
    ...extra,
  });
}

/** POSTs a JSON body to an app in-process. */
export async function post(app: FastifyInstance, payload: unknown) {
  const res = await app.inject({ method: 'POST', url: '/graphql', headers: { 'content-type': 'application/json' }, payload: JSON.stringify(payload) });
  return { status: res.statusCode, body: res.json() as { data?: Record<string, unknown> | null; errors?: { message: string; extensions?: Record<string, unknown> }[] } };
}
