/**
 * Serves the production storefront against a freshly seeded platform until Ctrl+C, for trying pages by hand:
 *
 *   node scripts/pnpm.mjs --filter @emporium/web run build && npx tsx bench/storefront/serve.ts
 */
import { bootStorefront } from './boot.ts';

const booted = await bootStorefront();
console.log(`storefront: ${booted.web.url}\ngateway:    ${booted.gatewayUrl}`);
const stop = async () => {
  await booted.stop();
  process.exit(0);
};
process.once('SIGINT', stop);
process.once('SIGTERM', stop);
