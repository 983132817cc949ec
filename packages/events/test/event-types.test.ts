import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  checkEventTypes,
  defaultPaths,
  pascalCase,
  renderEventTypes,
  writeEventTypes,
  type EventTypesPaths,
} from '../../../scripts/event-types.ts';

const temps: string[] = [];

/** A temp copy of schema/events plus an empty output folder. */
async function tempPaths(): Promise<EventTypesPaths> {
  const root = await mkdtemp(join(tmpdir(), 'emporium-event-types-'));
  temps.push(root);
  const paths = { schemaDir: join(root, 'schema'), outDir: join(root, 'out') };
  await cp(defaultPaths.schemaDir, paths.schemaDir, { recursive: true });
  return paths;
}

async function editSchema(paths: EventTypesPaths, file: string, edit: (s: Record<string, any>) => void) {
  const target = join(paths.schemaDir, file);
  const schema = JSON.parse(await readFile(target, 'utf8')) as Record<string, any>;
  edit(schema);
  await writeFile(target, JSON.stringify(schema, null, 2));
}

afterEach(async () => {
  for (const dir of temps.splice(0)) await rm(dir, { recursive: true, force: true });
});

describe('scripts/event-types.ts', () => {
  it('the committed generated files are up to date', async () => {
    expect(await checkEventTypes(defaultPaths)).toEqual({ ok: true, stale: [] });
  });

  it('--check passes on fresh output and is deterministic', async () => {
    const paths = await tempPaths();
    expect((await checkEventTypes(paths)).ok).toBe(false); // nothing generated yet
    const written = await writeEventTypes(paths);
    expect(written.map((f) => f.slice(paths.outDir.length + 1)).sort()).toEqual(['schemas.ts', 'types.ts']);
    expect(await checkEventTypes(paths)).toEqual({ ok: true, stale: [] });
    const again = await renderEventTypes(paths.schemaDir);
    expect(again.get('types.ts')).toBe(await readFile(join(paths.outDir, 'types.ts'), 'utf8'));
    expect(again.get('types.ts')).toMatch(/^\/\/ GENERATED FILE: do not edit by hand\./);
  });

  it('--check names the stale file after a schema change', async () => {
    const paths = await tempPaths();
    await writeEventTypes(paths);
    await editSchema(paths, 'stock.changed.schema.json', (s) => {
      s.properties.locationCount = { type: 'integer', description: 'Locations holding stock.' };
    });
    const result = await checkEventTypes(paths);
    expect(result.ok).toBe(false);
    expect(result.stale.sort()).toEqual([join(paths.outDir, 'schemas.ts'), join(paths.outDir, 'types.ts')]);
    await writeEventTypes(paths);
    expect((await readFile(join(paths.outDir, 'types.ts'), 'utf8'))).toContain('locationCount?: number;');
    expect((await checkEventTypes(paths)).ok).toBe(true);
  });

  it('--check flags a hand-edited generated file', async () => {
    const paths = await tempPaths();
    await writeEventTypes(paths);
    const target = join(paths.outDir, 'types.ts');
    await writeFile(target, (await readFile(target, 'utf8')).replace('sku: string;', 'sku: number;'));
    expect(await checkEventTypes(paths)).toEqual({ ok: false, stale: [target] });
  });

  it('picks up a new event type, versioned names included', async () => {
    const paths = await tempPaths();
    await cp(join(paths.schemaDir, 'price.changed.schema.json'), join(paths.schemaDir, 'price.changed.v2.schema.json'));
    await editSchema(paths, 'price.changed.v2.schema.json', (s) => {
      s.$id = 'urn:emporium:events:price.changed.v2';
      s.title = 'PriceChangedV2';
    });
    const types = (await renderEventTypes(paths.schemaDir)).get('types.ts')!;
    expect(types).toContain('export interface PriceChangedV2Payload {');
    expect(types).toContain("PriceChangedV2: 'price.changed.v2',");
    expect(types).toContain("'price.changed.v2': PriceChangedV2Payload;");
  });

  it('refuses schemas that break the house rules', async () => {
    const paths = await tempPaths();
    await editSchema(paths, 'price.changed.schema.json', (s) => {
      s.properties.amount.type = 'number';
      delete s.properties.currency.description;
      s.additionalProperties = true;
      s.$id = 'urn:emporium:events:price.updated';
    });
    const error = await renderEventTypes(paths.schemaDir).catch((e: unknown) => e as Error);
    expect(error).toBeInstanceOf(Error);
    const message = (error as Error).message;
    expect(message).toContain('price.changed.schema.json at /amount: money is integer minor units');
    expect(message).toContain('price.changed.schema.json at /currency: a description is required');
    expect(message).toContain('objects need "additionalProperties": false');
    expect(message).toContain('$id must be "urn:emporium:events:price.changed"');
  });

  it('pascalCase turns type strings into type names', () => {
    expect(pascalCase('order.placed')).toBe('OrderPlaced');
    expect(pascalCase('price.changed.v2')).toBe('PriceChangedV2');
    expect(pascalCase('user.signed-up')).toBe('UserSignedUp');
  });
});
