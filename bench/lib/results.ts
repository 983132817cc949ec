import { appendFileSync, existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { machineInfo } from './machine.ts';

const resultsFile = join(import.meta.dirname, '..', 'RESULTS.md');

/** A markdown table from rows of cells. */
export function table(header: string[], rows: (string | number)[][]): string {
  const line = (cells: (string | number)[]) => `| ${cells.join(' | ')} |`;
  return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n');
}

/** Prints a result section and appends it to bench/RESULTS.md with date, commit, machine and settings. */
export function appendResult(title: string, settings: Record<string, string | number>, body: string): void {
  const m = machineInfo();
  const section = [
    `## ${title} — ${m.date}`,
    '',
    `commit ${m.commit} · ${m.cores} cores (${m.cpu}) · ${m.memoryGiB} GiB · Node ${m.node}`,
    '',
    `settings: ${Object.entries(settings).map(([k, v]) => `${k}=${v}`).join(', ')}`,
    '',
    body,
    '',
  ].join('\n');
  console.log('\n' + section);
  if (!existsSync(resultsFile)) writeFileSync(resultsFile, '# Benchmark results\n\nAppended by the commands in bench/README.md; newest last.\n\n');
  appendFileSync(resultsFile, section + '\n');
}
