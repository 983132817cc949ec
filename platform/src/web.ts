import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '@emporium/kit';

const webDir = join(repoRoot, 'web');
const nextBin = join(webDir, 'node_modules', '.bin', 'next');

/**
 * Starts the storefront with `next start` (building it first when there is no production build yet), pointed at the
 * gateway. Returns the child process; it stops with the platform.
 */
export function startWeb(opts: { port: number; gatewayUrl: string; log: (line: string) => void }): ChildProcess {
  const env = { ...process.env, GATEWAY_URL: opts.gatewayUrl, NEXT_TELEMETRY_DISABLED: '1' };
  if (!existsSync(join(webDir, '.next', 'BUILD_ID'))) {
    opts.log('building the storefront (first start only)…');
    const build = spawnSync(nextBin, ['build'], { cwd: webDir, env, stdio: 'inherit' });
    if (build.status !== 0) throw new Error('The storefront build failed (see the output above).');
  }
  const child = spawn(nextBin, ['start', '-p', String(opts.port), '-H', '127.0.0.1'], { cwd: webDir, env, stdio: ['ignore', 'inherit', 'inherit'] });
  return child;
}
