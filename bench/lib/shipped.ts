import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '@emporium/kit';

/**
 * The Node.js flags our gateway ships with: those of its start script (gateway/package.json, `node <flags> --import
 * tsx src/main.ts`), so the benchmarks run ours exactly as it is deployed. Returned as a NODE_OPTIONS value.
 */
export function shippedGatewayNodeOptions(): string {
  const pkg = JSON.parse(readFileSync(join(repoRoot, 'gateway', 'package.json'), 'utf8')) as { scripts: { start: string } };
  const words = pkg.scripts.start.split(/\s+/);
  if (words[0] !== 'node') throw new Error(`gateway/package.json's start script does not run node: ${pkg.scripts.start}`);
  const flags: string[] = [];
  for (const word of words.slice(1)) {
    if (word === '--import') break;
    flags.push(word);
  }
  return flags.join(' ');
}
