/** Stable JSON: object keys sorted, so the same variables always give the same text. */
export function stableStringify(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableStringify).join(',')}]`;
  if (value && typeof value === 'object') {
    return `{${Object.keys(value)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${stableStringify((value as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value);
}

/** The replay key of a subgraph request body: its query with whitespace folded, plus its variables in stable order. */
export function replayKey(body: string): string {
  const { query, variables } = JSON.parse(body) as { query?: string; variables?: unknown };
  return `${(query ?? '').replace(/\s+/g, ' ').trim()}\n${stableStringify(variables ?? {})}`;
}

/** Recorded subgraph answers: subgraph name → replay key → response text. */
export type Recordings = Record<string, Record<string, string>>;
