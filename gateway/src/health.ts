/** One subgraph's health as the gateway sees it. */
export interface SubgraphHealth {
  status: 'up' | 'down';
  url: string;
  latencyMs: number | null;
  error?: string;
}

/** Probes every subgraph's `/health` concurrently with a short timeout. */
export async function probeSubgraphs(urls: Record<string, string>, timeoutMs = 1000): Promise<Record<string, SubgraphHealth>> {
  const entries = await Promise.all(
    Object.entries(urls).map(async ([name, url]): Promise<[string, SubgraphHealth]> => {
      const healthUrl = url.replace(/\/graphql\/?$/, '') + '/health';
      const started = performance.now();
      try {
        const res = await fetch(healthUrl, { signal: AbortSignal.timeout(timeoutMs) });
        await res.arrayBuffer();
        const latencyMs = Math.round(performance.now() - started);
        return [name, res.ok ? { status: 'up', url, latencyMs } : { status: 'down', url, latencyMs, error: `HTTP ${res.status}` }];
      } catch (err) {
        return [name, { status: 'down', url, latencyMs: null, error: (err as Error).name === 'TimeoutError' ? 'timeout' : 'unreachable' }];
      }
    }),
  );
  return Object.fromEntries(entries);
}
