/**
 * The partner contract's compatibility guard (library; the CLI is scripts/check-public-contract.ts):
 * - diffs the public API schema against the accepted baseline with @graphql-inspector/core; a breaking change fails
 *   unless its key (`<TYPE> <path>`, e.g. `FIELD_REMOVED Product.gtin`) is listed in the acknowledged file;
 * - validates every registered partner operation against the new public schema (an operation that no longer
 *   validates breaks that partner, acknowledged or not);
 * - reports the baseline as stale when anything changed, so accepted changes move the baseline forward in review.
 */
import { createRequire } from 'node:module';
import { CriticalityLevel, diff, validate, type Change } from '@graphql-inspector/core';
import type * as GraphQL from 'graphql';

// graphql-js as @graphql-inspector/core loads it (CommonJS under Node): its instanceof checks need the same instance
// even where a bundler (vitest) would hand this file the ESM build.
const { buildSchema, Source } = createRequire(import.meta.url)('graphql') as typeof GraphQL;

/** One acknowledged breaking change, kept as the record of what partners were told. */
export interface Acknowledgement {
  change: string;
  reason: string;
}

/** A registered partner operation: its file name and text. */
export interface PartnerOperation {
  name: string;
  query: string;
}

export interface GuardInput {
  baselineSdl: string;
  currentSdl: string;
  acknowledged: Acknowledgement[];
  operations: PartnerOperation[];
}

export interface GuardResult {
  /** Breaking changes nobody acknowledged: these fail the check. */
  unacknowledged: Change[];
  /** Breaking changes that were acknowledged. */
  acknowledgedBreaking: Change[];
  /** Every change (breaking, dangerous, safe) from the baseline to the current schema. */
  changes: Change[];
  /** Registered operations that do not validate against the current schema, with the reasons. */
  invalidOperations: { name: string; errors: string[] }[];
  ok: boolean;
}

/** The key an acknowledgement names a change by. */
export const changeKey = (c: Change) => `${c.type} ${c.path ?? ''}`.trim();

/** Runs the guard; never throws for schema problems that are the check's to report. */
export async function guardPublicContract(input: GuardInput): Promise<GuardResult> {
  const baseline = buildSchema(input.baselineSdl);
  const current = buildSchema(input.currentSdl);
  const changes = await diff(baseline, current);
  const acked = new Set(input.acknowledged.map((a) => a.change));
  const breaking = changes.filter((c) => c.criticality.level === CriticalityLevel.Breaking);
  const unacknowledged = breaking.filter((c) => !acked.has(changeKey(c)));
  const acknowledgedBreaking = breaking.filter((c) => acked.has(changeKey(c)));
  const invalidOperations: GuardResult['invalidOperations'] = [];
  for (const op of input.operations) {
    let problems: string[];
    try {
      // Deprecated fields are a warning for partners, not a failure.
      problems = validate(current, [new Source(op.query, op.name)], { strictDeprecated: false }).flatMap((d) => d.errors.map((e) => e.message));
    } catch (err) {
      problems = [(err as Error).message];
    }
    if (problems.length) invalidOperations.push({ name: op.name, errors: problems });
  }
  return { unacknowledged, acknowledgedBreaking, changes, invalidOperations, ok: unacknowledged.length === 0 && invalidOperations.length === 0 };
}
