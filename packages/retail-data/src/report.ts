import { formatCount } from './text.ts';
import type { RetailDataset } from './types.ts';

/** Human-readable table of the rows read, kept and dropped (per reason, with examples) for seed output. */
export function formatDropReport(d: RetailDataset): string {
  const lines = d.invoices.reduce((n, inv) => n + inv.lines.length, 0);
  const dropped = d.dropped.reduce((n, r) => n + r.rows, 0);
  const width = Math.max(...d.dropped.map((r) => r.reason.length), 'reason'.length);
  const row = (label: string, rows: string, codes: string) => `${label.padEnd(width)}  ${rows.padStart(9)}  ${codes.padStart(6)}`;
  const out: string[] = [
    `source: ${d.sourceFile}`,
    `rows read ${formatCount(d.sourceRows)}; kept ${formatCount(lines)} sale lines in ${formatCount(d.invoices.length)} invoices`
      + ` + ${formatCount(d.cancellations.length)} cancellations; dropped ${formatCount(dropped)}`,
    `products ${formatCount(d.products.length)}, customers ${formatCount(d.customers.length)};`
      + ` raw: ${formatCount(d.raw.invoices)} invoice numbers, ${formatCount(d.raw.stockCodes)} stock codes,`
      + ` ${formatCount(d.raw.customers)} customers, ${d.raw.countries} countries`,
    `timestamps shifted by ${d.shiftMs / 86_400_000} days`,
    '',
    row('reason', 'rows', 'codes'),
    row('-'.repeat(width), '-'.repeat(9), '-'.repeat(6)),
  ];
  for (const r of d.dropped) {
    out.push(row(r.reason, formatCount(r.rows), r.codes === undefined ? '' : formatCount(r.codes)));
    for (const e of r.examples) out.push(`    e.g. ${e}`);
  }
  out.push(row('total dropped', formatCount(dropped), ''));
  return out.join('\n');
}
