import { createServer, type Server } from 'node:http';
import { replayKey, type Recordings } from './replay-key.ts';

/**
 * Starts one recording proxy per subgraph: each forwards requests (with their headers) to the real subgraph and keeps
 * the answer under the request's replay key. Returns the proxy URLs and the recordings being filled.
 */
export async function startRecorders(real: Record<string, string>) {
  const recordings: Recordings = {};
  const servers: Server[] = [];
  const urls: Record<string, string> = {};
  for (const [name, target] of Object.entries(real)) {
    recordings[name] = {};
    const server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', async () => {
        const body = Buffer.concat(chunks).toString('utf8');
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
    close: () => Promise.all(servers.map((s) => new Promise((r) => s.close(r)))),
  };
}
