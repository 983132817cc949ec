import { parse as csvParser, type Options as CsvOptions } from 'csv-parse';

/** Feed formats. 'auto' picks from the content type, else from the first non-blank character ('{' → JSON Lines). */
export type FeedFormat = 'auto' | 'jsonl' | 'csv';

/** One row of a feed: its fields as delivered, or why it could not be read. */
export type FeedRow =
  | { line: number; record: Record<string, unknown>; error?: undefined }
  | { line: number; record?: undefined; error: string };

/** The concrete format of a body. */
export function detectFormat(format: FeedFormat, contentType: string | null, body: string): 'jsonl' | 'csv' {
  if (format !== 'auto') return format;
  const ct = (contentType ?? '').toLowerCase();
  if (ct.includes('csv')) return 'csv';
  if (ct.includes('json')) return 'jsonl';
  const first = /\S/.exec(body)?.[0];
  return first === '{' ? 'jsonl' : 'csv';
}

/** Lets timers and I/O run between chunks of a long synchronous job (the subgraph keeps answering requests). */
export const pause = () => new Promise<void>((resolve) => setImmediate(resolve));

/** JSON Lines: one object per non-blank line; a line that is not a JSON object is an unreadable row. */
export async function* readJsonLines(body: string): AsyncGenerator<FeedRow> {
  let line = 0;
  for (let at = 0; at < body.length; ) {
    let end = body.indexOf('\n', at);
    if (end < 0) end = body.length;
    line++;
    if (line % 2000 === 0) await pause();
    const text = body.slice(at, end).trim();
    at = end + 1;
    if (text === '') continue;
    try {
      const value: unknown = JSON.parse(text);
      if (value && typeof value === 'object' && !Array.isArray(value)) yield { line, record: value as Record<string, unknown> };
      else yield { line, error: 'not a JSON object' };
    } catch {
      yield { line, error: 'invalid JSON' };
    }
  }
}

/**
 * CSV with a header row (RFC 4180 quoting, BOM and surrounding spaces ignored, \n, \r\n or \r line ends). A record
 * with a different number of fields than the header, or broken quoting, is an unreadable row; the rest of the file
 * is still read. The body is fed to the streaming parser in 256 KiB chunks, yielding in between; the rows of each
 * chunk come out in line order.
 */
export async function* readCsvRows(body: string): AsyncGenerator<FeedRow> {
  let rows: FeedRow[] = [];
  const options: CsvOptions = {
    columns: (header: string[]) => header.map((h) => h.trim()),
    bom: true,
    trim: true,
    record_delimiter: ['\r\n', '\n', '\r'],
    skip_empty_lines: true,
    skip_records_with_error: true,
    info: true,
    on_skip: (err) => {
      rows.push({ line: Number((err as { lines?: unknown } | undefined)?.lines ?? 0), error: err?.code === 'CSV_RECORD_INCONSISTENT_COLUMNS' ? 'wrong number of fields' : 'unreadable CSV record' });
      return undefined;
    },
  };
  const parser = csvParser(options);
  parser.on('readable', () => {
    let rec: { info: { lines: number }; record: Record<string, string> } | null;
    while ((rec = parser.read() as typeof rec) !== null) rows.push({ line: rec.info.lines, record: rec.record });
  });
  let failed: unknown = null;
  const done = new Promise<void>((resolve) => {
    parser.on('end', resolve);
    parser.on('error', (err) => {
      failed = err;
      resolve();
    });
  });
  const take = () => {
    const out = rows.sort((a, b) => a.line - b.line);
    rows = [];
    return out;
  };
  const CHUNK = 256 * 1024;
  for (let i = 0; i < body.length && failed === null; i += CHUNK) {
    parser.write(body.slice(i, i + CHUNK));
    await pause();
    yield* take();
  }
  parser.end();
  await done;
  if (failed !== null) throw failed;
  yield* take();
}

/** Reads a feed body in its format, row by row. */
export function readFeed(body: string, format: 'jsonl' | 'csv'): AsyncGenerator<FeedRow> {
  return format === 'jsonl' ? readJsonLines(body) : readCsvRows(body);
}

/** Reads a whole feed body in its format (tests and tools; ingestion streams with {@link readFeed}). */
export async function parseFeed(body: string, format: 'jsonl' | 'csv'): Promise<FeedRow[]> {
  const rows: FeedRow[] = [];
  for await (const row of readFeed(body, format)) rows.push(row);
  return rows;
}
