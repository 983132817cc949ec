import type { Platform } from '@emporium/platform';

/**
 * For a benchmark's platform child process: prints `ready` (one JSON line) on stdout, then stops the platform on
 * SIGTERM/SIGINT — within 10 s or by force, so it never outlives the benchmark.
 */
export function serveUntilSignalled(platform: Platform, ready: Record<string, unknown>): void {
  process.stdout.write(`${JSON.stringify(ready)}\n`);
  const stop = async () => {
    setTimeout(() => process.exit(1), 10_000).unref();
    await platform.stop();
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop());
  process.on('SIGINT', () => void stop());
}
