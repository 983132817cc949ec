import { createServer, type Server } from 'node:http';
import { replayKey, type Recordings } from './replay-key.ts';

/** Subgraph traffic seen by the recorders since the last reset: requests and entity representations sent. */
export interface Traffic {
  requests: number;
  representations: number;
}

/**
 * Starts one recording proxy per subgraph: each forwards requests (with their headers) to the real subgraph and keeps
 * the answer under the request's replay key. Returns the proxy URLs, the recordings being filled and a traffic
 * counter (reset it before the operation you want to count).
 */
export async function startRecorders(real: Record<string, string>) {
  const recordings: Recordings = {};
  const traffic: Traffic = { requests: 0, representations: 0 };
  const servers: Server[] = [];
  const urls: Record<string, string> = {};
  for (const [name, target] of Object.entries(real)) {
    recordings[name] = {};
    const server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', async () => {
        const body = Buffer.concat(chunks).toString('utf8');
        // Hive Gateway batches several entity fetches into one request as `_0_representations`, `_1_representations`…
        const variables = (JSON.parse(body) as { variables?: Record<string, unknown> }).variables ?? {};
        traffic.requests += 1;
        for (const [name, value] of Object.entries(variables)) if (/representations$/i.test(name) && Array.isArray(value)) traffic.representations += value.length;
        const headers: Record<string, string> = {};
        for (const [k, v] of Object.entries(req.headers)) if (typeof v === 'string' && !['host', 'content-length', 'connection'].includes(k)) headers[k] = v;
        const upstream = await fetch(target, { method: 'POST', headers, body });
        const text = await upstream.text();
        if (upstream.ok) recordings[name]![replayKey(body)] = text;
        res.writeHead(upstream.status, { 'content-type': 'application/json' }).end(text);
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    servers.push(server);
    urls[name] = `http://127.0.0.1:${(server.address() as { port: number }).port}/graphql`;
  }
  return {
    urls,
    recordings,
    traffic,
    resetTraffic: () => Object.assign(traffic, { requests: 0, representations: 0 }),
    close: () => Promise.all(servers.map((s) => new Promise((r) => s.close(r)))),
  };
}
