import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { parse } from 'csv-parse';

/** The file formats the importer reads. */
export type CatalogFormat = 'csv' | 'jsonl';

/** A record of the file with its 1-based line number, or the reason it could not be read. */
export type RawRecord = { line: number; record: Record<string, unknown> } | { line: number; error: string };

/** The format a file name implies: .csv → csv, .jsonl / .ndjson / .json → jsonl; else null. */
export function formatOf(file: string): CatalogFormat | null {
  if (/\.csv$/i.test(file)) return 'csv';
  if (/\.(jsonl|ndjson|json)$/i.test(file)) return 'jsonl';
  return null;
}

/** JSON Lines: one object per line; blank lines are skipped; a line that is not a JSON object is an error. */
async function* readJsonLines(input: NodeJS.ReadableStream): AsyncGenerator<RawRecord> {
  const lines = createInterface({ input, crlfDelay: Infinity });
  let line = 0;
  for await (const text of lines) {
    line++;
    if (text.trim() === '') continue;
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (err) {
      yield { line, error: `malformed JSON (${(err as Error).message})` };
      continue;
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value)) yield { line, error: 'a JSON line must be an object' };
    else yield { line, record: value as Record<string, unknown> };
  }
}

/**
 * CSV with a header line (RFC 4180 quoting; list fields "|"-separated). A row with the wrong number of columns is an
 * error for that row; a quoting error that makes the rest unreadable ends the file with one error.
 */
async function* readCsv(input: NodeJS.ReadableStream): AsyncGenerator<RawRecord> {
  const parser = input.pipe(parse({ relax_column_count: true, skip_empty_lines: true, bom: true, info: true, trim: false }));
  let header: string[] | null = null;
  try {
    for await (const item of parser as AsyncIterable<{ record: string[]; info: { lines: number } }>) {
      const { record, info } = item;
      if (!header) {
        header = record.map((h) => h.trim().toLowerCase());
        if (!header.includes('sku')) {
          yield { line: info.lines, error: `the header has no sku column (got ${header.join(', ')})` };
          return;
        }
        continue;
      }
      if (record.length !== header.length) {
        yield { line: info.lines, error: `expected ${header.length} columns, got ${record.length}` };
        continue;
      }
      yield { line: info.lines, record: Object.fromEntries(header.map((h, i) => [h, record[i]])) };
    }
  } catch (err) {
    const e = err as Error & { lines?: number };
    yield { line: e.lines ?? 0, error: `unreadable CSV from here on (${e.message})` };
  }
}

/** Reads records from a file or stream in the given format. */
export function readCatalog(source: string | NodeJS.ReadableStream, format: CatalogFormat): AsyncGenerator<RawRecord> {
  const input = typeof source === 'string' ? createReadStream(source) : source;
  return format === 'csv' ? readCsv(input) : readJsonLines(input);
}
