import { createLogger, envReader, loadServiceConfig } from '@emporium/kit';
import { seedPlatform } from './seed.ts';
import { subgraphModules } from './subgraphs.ts';

// `pnpm seed [--force] [--max-rows N] [--file path]`: loads the demo data into every subgraph's own database.
const args = process.argv.slice(2);
const arg = (name: string) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const e = envReader();
const maxRows = arg('--max-rows');
const file = arg('--file');
const env = { ...process.env, LOG_LEVEL: e.optional('LOG_LEVEL') ?? 'warn' };
const runtimes = Object.fromEntries(
  await Promise.all(
    subgraphModules.map(async (m) => [m.name, await m.open({ config: loadServiceConfig(m.name, env), logger: createLogger(m.name, 'warn') })] as const),
  ),
);
try {
  const { counts } = await seedPlatform(runtimes, {
    force: args.includes('--force'),
    ...(maxRows ? { maxRows: Number(maxRows) } : {}),
    ...(file ? { file } : {}),
  });
  console.log(Object.keys(counts).length ? 'seeded.' : 'every subgraph already holds data (use --force to re-seed).');
} finally {
  for (const rt of Object.values(runtimes)) await rt.close();
}
