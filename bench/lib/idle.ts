import { readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';

/** CPU time (user + system, seconds) a process has used so far (Linux /proc), or null where unavailable. */
export function cpuSeconds(pid: number): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name (which may contain spaces) start after the last ')'; utime and stime are 14 and 15.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100; // clock ticks; 100 per second on Linux
  } catch {
    return null;
  }
}

/**
 * Waits until a process uses less than `busyShare` of one core over a `windowMs` window (e.g. the platform has
 * finished consuming the events a previous load run left behind), at most `maxMs`. Returns the seconds waited.
 */
export async function waitUntilIdle(pid: number, opts: { busyShare?: number; windowMs?: number; maxMs?: number } = {}): Promise<number> {
  const { busyShare = 0.1, windowMs = 2000, maxMs = 180_000 } = opts;
  const started = performance.now();
  let before = cpuSeconds(pid);
  while (before !== null && performance.now() - started < maxMs) {
    await sleep(windowMs);
    const after = cpuSeconds(pid);
    if (after === null || (after - before) / (windowMs / 1000) < busyShare) break;
    before = after;
  }
  return (performance.now() - started) / 1000;
}
