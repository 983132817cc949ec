import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { executeRows } from '@emporium/kit';
import { openTestRuntime } from '@emporium/kit/testing';
import { bulkLoadStock } from '../src/bulk-load.ts';
import { migrationsFolder, schema, type InventoryRuntime } from '../src/runtime.ts';

let rt: InventoryRuntime;
const dir = mkdtempSync(join(tmpdir(), 'emporium-inventory-bulk-'));
const id = (n: number) => `40000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
beforeAll(async () => {
  rt = await openTestRuntime({ name: 'inventory', schema, migrationsFolder });
});
afterAll(async () => {
  await rt?.close();
  rmSync(dir, { recursive: true, force: true });
});

const file = (name: string, lines: string[]) => {
  const path = join(dir, name);
  writeFileSync(path, `${lines.join('\n')}\n`);
  return path;
};
const onHand = async () =>
  Object.fromEntries(
    (await executeRows<{ product_id: string; on_hand: number }>(rt.db.db, sql`select product_id, on_hand from inventory.stock order by product_id`)).map((r) => [r.product_id, r.on_hand]),
  );

describe('bulkLoadStock (catalog:bulk-load hand-off)', () => {
  it('creates the default warehouse, loads valid lines, refuses bad ones with their line number, and emits no events', async () => {
    const s = await bulkLoadStock(
      rt,
      file('a.tsv', [`${id(1)}\tUK-1\t40`, `${id(2)}\tUK-1\t0`, `x\tUK-1\t1`, `${id(3)}\tUK-1\t-2`, `${id(4)}\tMARS-1\t5`, `${id(5)}\tUK-1\t7`]),
    );
    expect(s).toMatchObject({ lines: 6, changed: 3, refused: 3 });
    expect(s.reasons).toEqual(['line 3: product id "x" is not a UUID', 'line 4: on_hand "-2" is not a whole number from 0 to 2147483647', 'line 5: unknown warehouse MARS-1']);
    expect(await onHand()).toEqual({ [id(1)]: 40, [id(2)]: 0, [id(5)]: 7 });
    const outbox = await executeRows<{ n: number }>(rt.db.db, sql`select count(*)::int as n from inventory.outbox`);
    expect(outbox[0]!.n).toBe(0);
  });

  it('is idempotent and never sets on-hand below what is reserved or committed', async () => {
    expect((await bulkLoadStock(rt, file('b.tsv', [`${id(1)}\tUK-1\t40`]))).changed).toBe(0);
    await rt.db.db.execute(sql`update inventory.stock set reserved = 10 where product_id = ${id(1)}`);
    const s = await bulkLoadStock(rt, file('c.tsv', [`${id(1)}\tUK-1\t5`, `${id(5)}\tUK-1\t8`]));
    expect(s).toMatchObject({ changed: 1, refused: 1 });
    expect(s.reasons[0]).toBe('line 1: on_hand 5 is below the 10 units already reserved or committed');
    expect(await onHand()).toMatchObject({ [id(1)]: 40, [id(5)]: 8 });
  });
});
