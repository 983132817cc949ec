/** PostgreSQL COPY text format, for bulk loads (`COPY … FROM STDIN` through postgres.js). */

/** One field: `\N` for null; backslash, tab, newline and carriage return escaped; other values in their text form. */
export function copyField(v: string | number | boolean | null): string {
  if (v === null) return '\\N';
  const s = String(v);
  return /[\\\t\n\r]/.test(s) ? s.replace(/[\\\t\n\r]/g, (c) => (c === '\\' ? '\\\\' : c === '\t' ? '\\t' : c === '\n' ? '\\n' : '\\r')) : s;
}

/** One line of fields, tab-separated and newline-terminated. */
export const copyLine = (fields: readonly (string | number | boolean | null)[]): string => `${fields.map(copyField).join('\t')}\n`;

/** A Postgres text[] literal (`{"a","b"}`, elements always quoted), usable as a COPY field or a parameter. */
export const textArrayLiteral = (items: readonly string[]): string => `{${items.map((s) => `"${s.replace(/["\\]/g, (c) => `\\${c}`)}"`).join(',')}}`;
