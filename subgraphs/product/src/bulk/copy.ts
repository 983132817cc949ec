/** Helpers to write PostgreSQL COPY text format. */

/** One field of COPY's text format (\N for null; backslash, tab, newline and carriage return escaped). */
export function copyField(v: string | number | null): string {
  if (v === null) return '\\N';
  return String(v).replace(/\\/g, '\\\\').replace(/\t/g, '\\t').replace(/\n/g, '\\n').replace(/\r/g, '\\r');
}

/** A text[] literal ({"a","b"}) for a COPY field. */
export function arrayLiteral(items: readonly string[]): string {
  return `{${items.map((s) => `"${s.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`).join(',')}}`;
}

/** A COPY text line from fields. */
export const copyLine = (fields: (string | number | null)[]) => `${fields.map(copyField).join('\t')}\n`;
