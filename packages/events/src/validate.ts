import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { eventSchemas } from './__generated__/schemas.ts';
import { EventTypes, type EventType } from './__generated__/types.ts';

/** Result of {@link validateEventPayload}. */
export type PayloadValidation = { ok: true } | { ok: false; errors: string[] };

// ajv-formats is CommonJS: under NodeNext its default import is the module object, whose
// `default` is the plugin (module.exports.default === module.exports at runtime).
const addFormats = addFormatsModule.default;

const knownTypes = new Set<string>(Object.values(EventTypes));
let validators: Map<string, ValidateFunction> | undefined;

/** Compiles every schema once, on first use. */
function getValidators(): Map<string, ValidateFunction> {
  if (validators) return validators;
  const ajv = new Ajv({ allErrors: true, strict: true, allowUnionTypes: true });
  addFormats(ajv);
  validators = new Map(
    Object.entries(eventSchemas).map(([type, schema]) => [type, ajv.compile(schema as Record<string, unknown>)]),
  );
  return validators;
}

function describeError(e: ErrorObject): string {
  const at = e.instancePath || '/';
  if (e.keyword === 'additionalProperties') {
    return `${at} must NOT have additional property '${String(e.params.additionalProperty)}'`;
  }
  if (e.keyword === 'enum') {
    return `${at} must be one of ${(e.params.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')}`;
  }
  return `${at} ${e.message ?? 'is invalid'}`;
}

/** True when `type` is a known event type. */
export function isEventType(type: string): type is EventType {
  return knownTypes.has(type);
}

/**
 * Checks `payload` against the contract of event `type` (ajv, all errors, formats such as uuid
 * and date-time). An unknown type is not ok. Usable as the `validate` argument of the kit's `enqueueEvent`.
 */
export function validateEventPayload(type: string, payload: unknown): PayloadValidation {
  const validate = getValidators().get(type);
  if (!validate) return { ok: false, errors: [`unknown event type "${type}"`] };
  if (validate(payload)) return { ok: true };
  return { ok: false, errors: (validate.errors ?? []).map(describeError) };
}

/** Throws an Error listing the problems when `payload` does not satisfy the contract of `type`. */
export function assertEventPayload(type: string, payload: unknown): void {
  const result = validateEventPayload(type, payload);
  if (!result.ok) throw new Error(`invalid ${type} payload: ${result.errors.join('; ')}`);
}
