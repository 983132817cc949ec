/**
 * Boots what the storefront needs for a measurement: the whole platform on ephemeral ports (in-memory PGlite, or a
 * scratch PostgreSQL database with DATABASE_URL; the e2e data set) and the production build of web/ under
 * `next start`. Shared by the LCP bench and the `serve` command.
 */
import { missingBuildReason, startStorefront, type Storefront } from '../../e2e/browser/storefront-server.ts';
import { startTestPlatform } from '../../e2e/test/harness.ts';

export interface Booted {
  gatewayUrl: string;
  web: Storefront;
  stop(): Promise<void>;
}

const log = (s: string) => process.stderr.write(`${s}\n`);

export async function bootStorefront(): Promise<Booted> {
  const reason = missingBuildReason();
  if (reason) throw new Error(reason);
  const started = Date.now();
  log('starting the platform (seeding the e2e data set; a few minutes on 2 cores)…');
  const env = await startTestPlatform();
  log(`platform up in ${((Date.now() - started) / 1000).toFixed(0)} s; gateway ${env.platform.gatewayUrl}; starting next start…`);
  const web = await startStorefront(env.platform.gatewayUrl);
  log(`storefront ${web.url}`);
  return {
    gatewayUrl: env.platform.gatewayUrl,
    web,
    async stop() {
      await web.stop();
      await env.stop();
    },
  };
}
