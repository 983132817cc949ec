import { execSync } from 'node:child_process';
import { cpus, totalmem } from 'node:os';

/** What a result was measured on: recorded next to every table in RESULTS.md. */
export function machineInfo() {
  const cpu = cpus();
  let commit = 'unknown';
  try {
    commit = execSync('git rev-parse --short HEAD', { encoding: 'utf8' }).trim();
    if (execSync('git status --porcelain --untracked-files=no', { encoding: 'utf8' }).trim()) commit += '+dirty';
  } catch {
    /* not a git checkout */
  }
  return {
    date: new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
    commit,
    cores: cpu.length,
    cpu: cpu[0]?.model.trim() ?? 'unknown',
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    node: process.version,
  };
}

/** Resident set size of a process in MiB (Linux /proc), or null where unavailable. */
export function rssMiB(pid: number): number | null {
  try {
    const status = execSync(`cat /proc/${pid}/status`, { encoding: 'utf8' });
    const kb = /VmRSS:\s+(\d+) kB/.exec(status)?.[1];
    return kb ? Math.round(Number(kb) / 1024) : null;
  } catch {
    return null;
  }
}
