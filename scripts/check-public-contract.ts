/**
 * CI guard for the partner contract (run by `pnpm check:generated`, after the composition check):
 * schema/public.graphql (composed) against schema/public.baseline.graphql (the accepted contract), breaking changes
 * acknowledged in schema/public-breaking-acknowledged.json, and every schema/partner-operations/*.graphql validated.
 * `--accept` moves the baseline to the current contract — refused while a breaking change is unacknowledged or a
 * registered operation is invalid.
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { changeKey, guardPublicContract, type Acknowledgement } from './public-contract-guard.ts';

const root = join(import.meta.dirname, '..');
const file = (rel: string) => join(root, rel);
const currentSdl = readFileSync(file('schema/public.graphql'), 'utf8');
const baselinePath = file('schema/public.baseline.graphql');
const accept = process.argv.includes('--accept');

if (!existsSync(baselinePath)) {
  if (!accept) {
    console.error('schema/public.baseline.graphql is missing: run `pnpm contract:accept` and commit it.');
    process.exit(1);
  }
  writeFileSync(baselinePath, currentSdl);
  console.log('wrote schema/public.baseline.graphql (first baseline)');
  process.exit(0);
}
const ackPath = file('schema/public-breaking-acknowledged.json');
const acknowledged = existsSync(ackPath) ? (JSON.parse(readFileSync(ackPath, 'utf8')) as { acknowledged: Acknowledgement[] }).acknowledged : [];
const opsDir = file('schema/partner-operations');
const operations = existsSync(opsDir)
  ? readdirSync(opsDir)
      .filter((f) => f.endsWith('.graphql'))
      .sort()
      .map((name) => ({ name, query: readFileSync(join(opsDir, name), 'utf8') }))
  : [];

const result = await guardPublicContract({ baselineSdl: readFileSync(baselinePath, 'utf8'), currentSdl, acknowledged, operations });
for (const c of result.acknowledgedBreaking) console.warn(`acknowledged breaking change: ${changeKey(c)} — ${c.message}`);
for (const c of result.unacknowledged) console.error(`BREAKING: ${changeKey(c)} — ${c.message}`);
for (const op of result.invalidOperations) console.error(`registered partner operation ${op.name} no longer validates: ${op.errors.join(' ')}`);
if (!result.ok) {
  if (result.unacknowledged.length) {
    console.error('Breaking changes to the public contract break partners: undo them, or list their keys in schema/public-breaking-acknowledged.json (with the reason) once partners were told.');
  }
  process.exit(1);
}
if (accept) {
  writeFileSync(baselinePath, currentSdl);
  console.log(`schema/public.baseline.graphql accepted (${result.changes.length} change(s)).`);
} else if (result.changes.length) {
  for (const c of result.changes) console.error(`changed: ${changeKey(c)} — ${c.message}`);
  console.error('schema/public.baseline.graphql is behind the public contract: review the changes above, run `pnpm contract:accept` and commit.');
  process.exit(1);
} else {
  console.log(`Public contract matches its baseline; ${operations.length} registered partner operation(s) validate.`);
}
