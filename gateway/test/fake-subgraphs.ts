import { createHash } from 'node:crypto';
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

/** A partner key in the shape the user subgraph issues (`emp_<8 hex>_<43 base64url>`). */
export const partnerKey = (n: number) => `emp_${n.toString(16).padStart(8, '0')}_${'k'.repeat(42)}${n % 10}`;

/** What the fake user subgraph answers for one key (defaults: ACTIVE, every read scope, unrestricted). */
export interface FakeKey {
  id?: string;
  status?: 'ACTIVE' | 'REVOKED' | 'EXPIRED';
  scopes?: string[];
  registeredOperationsOnly?: boolean;
}

/** A user subgraph stand-in that answers `apiKeyByHash` for the given keys and counts lookups. */
export async function fakeUserSubgraph(keys: Record<string, FakeKey>) {
  const byHash = new Map(Object.entries(keys).map(([key, k], i) => [createHash('sha256').update(key).digest('hex'), { ...k, id: k.id ?? `00000000-0000-4000-8000-${String(i).padStart(12, '0')}` }]));
  return fakeSubgraph((req) => {
    const { variables } = req.body as { variables?: { hash?: string } };
    const k = byHash.get(variables?.hash ?? '');
    if (!k) return { data: { apiKeyByHash: null } };
    return {
      data: {
        apiKeyByHash: {
          id: k.id,
          name: `key ${k.id}`,
          scopes: k.scopes ?? ['CATALOG_READ', 'PRICES_READ', 'INVENTORY_READ', 'DEALS_READ', 'RECOMMENDATIONS_READ'],
          status: k.status ?? 'ACTIVE',
          registeredOperationsOnly: k.registeredOperationsOnly ?? false,
          owner: null,
          expiresAt: null,
        },
      },
    };
  });
}

/** POSTs a JSON body to an app in-process. */
export async function post(app: FastifyInstance, payload: unknown, opts: { url?: string; headers?: Record<string, string> } = {}) {
  const res = await app.inject({ method: 'POST', url: opts.url ?? '/graphql', headers: { 'content-type': 'application/json', ...opts.headers }, payload: JSON.stringify(payload) });
  return {
    status: res.statusCode,
    headers: res.headers,
    body: res.json() as { data?: Record<string, unknown> | null; errors?: { message: string; extensions?: Record<string, unknown> }[]; extensions?: Record<string, unknown> },
  };
}

/** POSTs to the partner endpoint with an API key. */
export const postPublic = (app: FastifyInstance, payload: unknown, key?: string) =>
  post(app, payload, { url: '/public/graphql', headers: key ? { 'x-api-key': key } : {} });
