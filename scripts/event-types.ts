/**
 * Generates the event contract code in packages/events/src/__generated__/ from the JSON Schemas
 * in schema/events/ (one `<type>.schema.json` per event type):
 *   - types.ts   payload interfaces (json-schema-to-typescript), `EventTypes`, `EventType`, `EventPayloads`
 *   - schemas.ts the schemas themselves, embedded so nothing reads files at runtime
 *
 *   npx tsx scripts/event-types.ts           write the files
 *   npx tsx scripts/event-types.ts --check   exit 1 (naming the file) when a generated file is stale
 */
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { compile, type JSONSchema } from 'json-schema-to-typescript';

/** Where the schemas are read from and the generated files are written to. */
export interface EventTypesPaths {
  schemaDir: string;
  outDir: string;
}

const repoRoot = resolve(fileURLToPath(new URL('..', import.meta.url)));

/** The repository's own locations. */
export const defaultPaths: EventTypesPaths = {
  schemaDir: join(repoRoot, 'schema/events'),
  outDir: join(repoRoot, 'packages/events/src/__generated__'),
};

const HEADER = [
  '// GENERATED FILE: do not edit by hand.',
  '// Source: schema/events/*.schema.json. Regenerate with `npx tsx scripts/event-types.ts`',
  '// (CI runs it with --check).',
  '',
].join('\n');

const SUFFIX = '.schema.json';
const ID_PREFIX = 'urn:emporium:events:';
const MONEY_FIELD = /amount|price|total/i;

interface EventSchema {
  type: string;
  file: string;
  pascal: string;
  schema: Record<string, unknown>;
}

/** `price.changed` -> `PriceChanged`, `price.changed.v2` -> `PriceChangedV2`. */
export function pascalCase(type: string): string {
  return type
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((w) => w[0]!.toUpperCase() + w.slice(1))
    .join('');
}

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Enforces the house rules for event schemas; returns human-readable problems. */
function lint(file: string, type: string, schema: Json): string[] {
  const problems: string[] = [];
  const where = (path: string) => `${file}${path ? ` at ${path}` : ''}`;
  if (schema.$id !== ID_PREFIX + type) problems.push(`${where('')}: $id must be "${ID_PREFIX}${type}"`);
  if (schema.title !== pascalCase(type)) problems.push(`${where('')}: title must be "${pascalCase(type)}"`);
  const visit = (node: Json, path: string, needsDescription = true) => {
    if (needsDescription && (typeof node.description !== 'string' || node.description.trim() === '')) {
      problems.push(`${where(path)}: a description is required`);
    }
    if (node.type === 'object' || isObject(node.properties)) {
      if (node.additionalProperties !== false) problems.push(`${where(path)}: objects need "additionalProperties": false`);
      for (const [name, child] of Object.entries(isObject(node.properties) ? node.properties : {})) {
        if (!isObject(child)) continue;
        const types = ([] as unknown[]).concat(child.type);
        if (MONEY_FIELD.test(name) && types.includes('number')) {
          problems.push(`${where(`${path}/${name}`)}: money is integer minor units ("type": "integer"), never a float`);
        }
        visit(child, `${path}/${name}`);
      }
    }
    if (isObject(node.items)) visit(node.items, `${path}/items`, node.items.type === 'object');
  };
  visit(schema, '');
  return problems;
}

/** Reads and checks every `<type>.schema.json`, sorted by type. */
async function loadSchemas(schemaDir: string): Promise<EventSchema[]> {
  const files = (await readdir(schemaDir)).filter((f) => f.endsWith(SUFFIX)).sort();
  if (files.length === 0) throw new Error(`no *${SUFFIX} files in ${schemaDir}`);
  const problems: string[] = [];
  const out: EventSchema[] = [];
  for (const file of files) {
    const type = file.slice(0, -SUFFIX.length);
    let schema: unknown;
    try {
      schema = JSON.parse(await readFile(join(schemaDir, file), 'utf8'));
    } catch (err) {
      problems.push(`${file}: not valid JSON (${(err as Error).message})`);
      continue;
    }
    if (!isObject(schema)) {
      problems.push(`${file}: must be a JSON object`);
      continue;
    }
    problems.push(...lint(file, type, schema));
    out.push({ type, file, pascal: pascalCase(type), schema });
  }
  if (problems.length > 0) throw new Error(`invalid event schemas:\n  ${problems.join('\n  ')}`);
  return out;
}

async function renderTypes(schemas: EventSchema[], schemaDir: string): Promise<string> {
  const blocks: string[] = [];
  for (const s of schemas) {
    const ts = await compile({ ...s.schema, title: `${s.pascal}Payload` } as JSONSchema, `${s.pascal}Payload`, {
      bannerComment: '',
      cwd: schemaDir,
      additionalProperties: false,
      strictIndexSignatures: true,
      ignoreMinAndMaxItems: true, // plain arrays for producers; ajv still enforces minItems
      format: true,
      style: { singleQuote: true, printWidth: 120 },
    });
    blocks.push(`// ${s.type} (schema/events/${s.file})\n${ts.trim()}`);
  }
  const body = blocks.join('\n\n');
  const names = [...body.matchAll(/^export (?:interface|type) (\w+)/gm)].map((m) => m[1]!);
  const dup = names.find((n, i) => names.indexOf(n) !== i);
  if (dup) throw new Error(`two event schemas generate a type named ${dup}; give nested objects distinct titles`);
  const q = (s: string) => `'${s}'`;
  return [
    HEADER,
    body,
    '',
    '/** Every event type, keyed by its PascalCase name. */',
    'export const EventTypes = {',
    ...schemas.map((s) => `  ${s.pascal}: ${q(s.type)},`),
    '} as const;',
    '',
    '/** Union of all event type strings. */',
    'export type EventType = (typeof EventTypes)[keyof typeof EventTypes];',
    '',
    '/** The payload type of each event type. */',
    'export interface EventPayloads {',
    ...schemas.map((s) => `  ${q(s.type)}: ${s.pascal}Payload;`),
    '}',
    '',
  ].join('\n');
}

function renderSchemas(schemas: EventSchema[]): string {
  const entries = schemas.map((s) => {
    const json = JSON.stringify(s.schema, null, 2).replace(/\n/g, '\n  ');
    return `  '${s.type}': ${json},`;
  });
  return [
    HEADER,
    "import type { EventType } from './types.ts';",
    '',
    '/** The JSON Schema of each event payload, embedded from schema/events/. */',
    'export const eventSchemas: { readonly [K in EventType]: Readonly<Record<string, unknown>> } = {',
    ...entries,
    '};',
    '',
  ].join('\n');
}

/** Renders the generated files (file name -> content) from the schemas in `schemaDir`. */
export async function renderEventTypes(schemaDir: string): Promise<Map<string, string>> {
  const schemas = await loadSchemas(schemaDir);
  return new Map([
    ['types.ts', await renderTypes(schemas, schemaDir)],
    ['schemas.ts', renderSchemas(schemas)],
  ]);
}

/** Writes the generated files; returns their paths. */
export async function writeEventTypes(paths: EventTypesPaths = defaultPaths): Promise<string[]> {
  const files = await renderEventTypes(paths.schemaDir);
  await mkdir(paths.outDir, { recursive: true });
  const written: string[] = [];
  for (const [name, content] of files) {
    const target = join(paths.outDir, name);
    await writeFile(target, content);
    written.push(target);
  }
  return written;
}

/** Compares the files on disk with fresh output; `stale` lists missing or outdated files. */
export async function checkEventTypes(paths: EventTypesPaths = defaultPaths): Promise<{ ok: boolean; stale: string[] }> {
  const files = await renderEventTypes(paths.schemaDir);
  const stale: string[] = [];
  for (const [name, content] of files) {
    const target = join(paths.outDir, name);
    const current = await readFile(target, 'utf8').catch(() => undefined);
    if (current !== content) stale.push(target);
  }
  return { ok: stale.length === 0, stale };
}

async function main(argv: string[]): Promise<number> {
  const show = (p: string) => relative(process.cwd(), p) || p;
  if (argv.includes('--check')) {
    const { ok, stale } = await checkEventTypes();
    if (ok) {
      console.log('event types are up to date');
      return 0;
    }
    for (const file of stale) {
      console.error(`${show(file)} is stale or missing: regenerate it with \`npx tsx scripts/event-types.ts\``);
    }
    return 1;
  }
  for (const file of await writeEventTypes()) console.log(`wrote ${show(file)}`);
  return 0;
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (err: unknown) => {
      console.error(err instanceof Error ? err.message : err);
      process.exit(1);
    },
  );
}
