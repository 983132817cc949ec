import { createRateLimiter } from '@emporium/kit';
import { createTestKeys, gql, openTestRuntime, serviceHeaders, userHeaders } from '@emporium/kit/testing';
import { TEST_SCRYPT } from '../src/auth/passwords.ts';
import { migrationsFolder, schema, type UserRuntime } from '../src/runtime.ts';
import { buildUserSubgraph, type UserSubgraphOptions } from '../src/server.ts';

export type Keys = ReturnType<typeof createTestKeys>;

/**
 * A user subgraph for one test file: test runtime, cheap scrypt parameters, and an attempt limiter on the test clock —
 * on Redis (a namespace of its own) when REDIS_URL is set, in-process otherwise.
 */
export async function setup(opts: UserSubgraphOptions = {}) {
  const keys = createTestKeys();
  const rt = await openTestRuntime({ name: 'user', schema, migrationsFolder, keys });
  const limiter = await createRateLimiter({
    redisUrl: process.env.REDIS_URL,
    namespace: `emporium-test:user-attempts:${crypto.randomUUID()}`,
    now: () => rt.clock.now().getTime(),
  });
  const sub = await buildUserSubgraph(rt, { passwordParams: TEST_SCRYPT, rateLimiter: limiter, resetUrl: 'https://shop.test/account/reset', ...opts });
  return {
    keys,
    rt,
    sub,
    limiter,
    /** Runs an operation against the subgraph in-process. */
    q: <T = Record<string, unknown>>(query: string, variables: Record<string, unknown> = {}, headers: Record<string, string> = {}) =>
      gql<T>(sub.app, query, variables, headers),
    async close() {
      await sub?.stop();
      await limiter.close();
      await rt?.close();
    },
  };
}
export type Env = Awaited<ReturnType<typeof setup>>;

export const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

/** Headers of a request forwarded by the gateway for a client at `ip` (optionally signed in). */
export async function viaGateway(keys: Keys, ip: string, token?: string): Promise<Record<string, string>> {
  return { ...(await serviceHeaders(keys, 'gateway')), 'x-emporium-client-ip': ip, ...(token ? bearer(token) : {}) };
}

export { gql, serviceHeaders, userHeaders };

export const AUTH_FIELDS = `
  __typename
  ... on AuthPayload { accessToken accessTokenExpiresAt refreshToken refreshTokenExpiresAt user { id email displayName country currency language roles hasPassword } }
  ... on AccountProblem { message }
`;
const WEAK = '... on WeakPassword { minLength maxLength }';
const LIMITED = '... on TooManyAttempts { retryAfterSeconds }';

export interface AuthResult {
  __typename: string;
  accessToken?: string;
  accessTokenExpiresAt?: string;
  refreshToken?: string;
  refreshTokenExpiresAt?: string;
  user?: { id: string; email: string | null; displayName: string; country: string | null; currency: string | null; language: string | null; roles: string[]; hasPassword: boolean };
  message?: string;
  minLength?: number;
  maxLength?: number;
  retryAfterSeconds?: number;
}

export const SIGN_UP = `mutation($input: SignUpInput!) { signUp(input: $input) { ${AUTH_FIELDS} ${WEAK} ${LIMITED} } }`;
export const SIGN_IN = `mutation($email: String!, $password: String!) { signIn(email: $email, password: $password) { ${AUTH_FIELDS} ${LIMITED} } }`;
export const REFRESH = `mutation($t: String!) { refreshSession(refreshToken: $t) { ${AUTH_FIELDS} } }`;

/** Signs up through the API and returns the payload (fails the test on GraphQL errors). */
export async function signUp(env: Env, input: Record<string, unknown>, headers: Record<string, string> = {}): Promise<AuthResult> {
  const res = await env.q<{ signUp: AuthResult }>(SIGN_UP, { input: { displayName: 'Shopper', password: 'correct horse battery', ...input } }, headers);
  if (res.errors) throw new Error(JSON.stringify(res.errors));
  return res.data!.signUp;
}

export async function signIn(env: Env, email: string, password: string, headers: Record<string, string> = {}): Promise<AuthResult> {
  const res = await env.q<{ signIn: AuthResult }>(SIGN_IN, { email, password }, headers);
  if (res.errors) throw new Error(JSON.stringify(res.errors));
  return res.data!.signIn;
}

export async function refresh(env: Env, token: string): Promise<AuthResult> {
  const res = await env.q<{ refreshSession: AuthResult }>(REFRESH, { t: token });
  if (res.errors) throw new Error(JSON.stringify(res.errors));
  return res.data!.refreshSession;
}
