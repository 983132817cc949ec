import type { FastifyInstance } from 'fastify';
import { parse } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serviceTokenSource } from '../../src/auth/tokens.ts';
import { requireService } from '../../src/auth/identity.ts';
import { AppError, badInput } from '../../src/errors.ts';
import { createLogger } from '../../src/server/logger.ts';
import { createSubgraphServer, type BaseContext } from '../../src/server/subgraph-server.ts';
import { createServiceClient } from '../../src/service-client.ts';
import { createTestKeys } from '../../src/testing/runtime.ts';
import { createTokenVerifier } from '../../src/auth/tokens.ts';

const keys = createTestKeys();
let app: FastifyInstance;
let url: string;

const typeDefs = parse(/* GraphQL */ `
  extend schema @link(url: "https://specs.apollo.dev/federation/v2.7", import: ["@inaccessible"])
  type Query { ping: String! }
  type Mutation { reserve(quantity: Int!): Reservation! @inaccessible }
  type Reservation @inaccessible { quantity: Int! caller: String! }
`);

beforeAll(async () => {
  app = await createSubgraphServer({
    name: 'stock',
    typeDefs,
    resolvers: {
      Query: { ping: () => 'pong' },
      Mutation: {
        reserve: (_: unknown, args: { quantity: number }, ctx: BaseContext) => {
          const caller = requireService(ctx.identity, ['order']);
          if (args.quantity < 1) throw badInput('quantity must be at least 1', 'quantity');
          return { quantity: args.quantity, caller };
        },
      },
    },
    verifier: createTokenVerifier(keys),
    logger: createLogger('stock', 'silent'),
    context: () => ({}),
  });
  await app.listen({ host: '127.0.0.1', port: 0 });
  url = `http://127.0.0.1:${(app.server.address() as { port: number }).port}/graphql`;
});
afterAll(async () => {
  await app?.close();
});

const RESERVE = 'mutation($q: Int!) { reserve(quantity: $q) { quantity caller } }';

describe('service client', () => {
  it('calls a hidden command with a signed service token', async () => {
    const client = createServiceClient({ service: 'order', token: serviceTokenSource(keys.service, 'order'), urlOf: () => url });
    expect(await client.request('stock', RESERVE, { q: 3 })).toEqual({ reserve: { quantity: 3, caller: 'order' } });
  });

  it('keeps the remote error code, and refuses services that are not allowed', async () => {
    const order = createServiceClient({ service: 'order', token: serviceTokenSource(keys.service, 'order'), urlOf: () => url });
    await expect(order.request('stock', RESERVE, { q: 0 })).rejects.toMatchObject({ code: 'BAD_USER_INPUT', message: 'quantity must be at least 1' });
    const deal = createServiceClient({ service: 'deal', token: serviceTokenSource(keys.service, 'deal'), urlOf: () => url });
    await expect(deal.request('stock', RESERVE, { q: 1 })).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });

  it('is refused without a service token, or with one signed by another key', async () => {
    const anonymous = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: RESERVE, variables: { q: 1 } }) });
    expect(((await anonymous.json()) as { errors: { extensions: { code: string } }[] }).errors[0]!.extensions.code).toBe('FORBIDDEN');
    const foreign = createServiceClient({ service: 'order', token: serviceTokenSource(createTestKeys().service, 'order'), urlOf: () => url });
    await expect(foreign.request('stock', RESERVE, { q: 1 })).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
  });

  it('reports an unreachable subgraph as DOWNSTREAM_SERVICE_ERROR with its name', async () => {
    const probe = (await import('fastify')).default();
    await probe.listen({ host: '127.0.0.1', port: 0 });
    const closed = `http://127.0.0.1:${(probe.server.address() as { port: number }).port}/graphql`;
    await probe.close();
    const client = createServiceClient({ service: 'order', token: serviceTokenSource(keys.service, 'order'), urlOf: () => closed, timeoutMs: 500 });
    const err = await client.request('stock', RESERVE, { q: 1 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).extensions).toMatchObject({ code: 'DOWNSTREAM_SERVICE_ERROR', serviceName: 'stock' });
    expect((err as AppError).message).toBe('The stock service is unreachable.');
  });
});
