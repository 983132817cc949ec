import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

/** The source header. */
export const HEADER = 'InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country';

/**
 * A small file with one row per quirk of the real data. Expected outcome noted per row.
 * Valid sale lines: 85123A x4 (+1 lower-case code), 71053 x1, 84029G x1.
 */
export const QUIRK_ROWS: readonly string[] = [
  '536365,85123A,WHITE HANGING HEART T-LIGHT HOLDER,6,2010-12-01 08:26:00,2.55,17850,United Kingdom', // sale
  '536365,71053,WHITE METAL LANTERN,6,2010-12-01 08:26:00,3.39,17850,United Kingdom', // sale
  '536366,85123a,WHITE HANGING HEART  T-LIGHT HOLDER ,2,2010-12-01 09:00:00,2.55,,United Kingdom', // sale, guest, code upper-cased, description normalised
  '536367,85123A,CREAM HANGING HEART T-LIGHT HOLDER,1,2010-12-02 10:00:00,2.95,12345,EIRE', // sale
  '536368,85123A,CREAM HANGING HEART T-LIGHT HOLDER,1,2010-12-02 11:00:00,2.95,12345,EIRE', // sale
  'C536369,71053,WHITE METAL LANTERN,-2,2010-12-02 12:00:00,3.39,17850,United Kingdom', // cancellation
  '536370,POST,POSTAGE,3,2010-12-02 12:30:00,18.00,12345,EIRE', // non-product code
  '536371,22139,,56,2010-12-02 13:00:00,0.0,,United Kingdom', // empty description
  '536372,21275,?,-30,2010-12-03 09:00:00,0.0,,United Kingdom', // quantity <= 0
  '536373,22734,amazon,20,2010-12-03 09:10:00,0.0,,United Kingdom', // manual adjustment
  '536374,22841,ROUND CAKE TIN VINTAGE GREEN,1,2010-12-03 09:20:00,0.0,12345,EIRE', // price <= 0
  '536375,PADS,PADS TO MATCH ALL CUSHIONS,1,2010-12-03 09:30:00,0.001,12345,EIRE', // rounds to 0 pence
  'A563185,B,Adjust bad debt,1,2010-12-03 10:00:00,11062.06,,United Kingdom', // adjustment invoice
  'C536376,22841,ROUND CAKE TIN VINTAGE GREEN,-1,2010-12-03 11:00:00,7.95,12345,EIRE', // code without sale
  '536377,84029G,"KNITTED UNION FLAG HOT WATER BOTTLE, LARGE",6,2010-12-09 12:50:00,3.385,17850,United Kingdom', // sale, 339p
  '536378,84029G,BROKEN ROW,lots,2010-12-09 12:00:00,1.00,17850,United Kingdom', // malformed
];

const created: string[] = [];

/** Removes every directory writeFixture created. */
export function removeFixtures(): void {
  for (const dir of created.splice(0)) rmSync(dir, { recursive: true, force: true });
}

/** Writes rows (header first unless given) to a fresh .csv.gz and returns its path. */
export function writeFixture(rows: readonly string[] = QUIRK_ROWS, header: string = HEADER): string {
  const dir = mkdtempSync(join(tmpdir(), 'retail-data-'));
  created.push(dir);
  const file = join(dir, 'fixture.csv.gz');
  writeFileSync(file, gzipSync(`${[header, ...rows].join('\r\n')}\r\n`));
  return file;
}
