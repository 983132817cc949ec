/**
 * Serves recorded subgraph responses from memory, one port per subgraph — a stand-in for the real subgraphs that costs
 * almost nothing, so the gateway under test is the bottleneck. Usage: tsx replay-server.ts <recordings.json>; prints
 * one JSON line `{"urls": {...}}` when listening.
 */
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { replayKey, type Recordings } from './replay-key.ts';

const recordings = JSON.parse(readFileSync(process.argv[2] ?? '', 'utf8')) as Recordings;
const urls: Record<string, string> = {};
let misses = 0;
/** Recorded answers served, over all subgraphs (GET /count on any port): the benchmark checks every load really fetched. */
let answered = 0;

for (const [name, answers] of Object.entries(recordings)) {
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      if (req.url === '/count') {
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ answered }));
        return;
      }
      if (req.url?.startsWith('/health')) {
        res.writeHead(200, { 'content-type': 'application/json' }).end('{"status":"ok"}');
        return;
      }
      const answer = answers[replayKey(Buffer.concat(chunks).toString('utf8'))];
      if (answer === undefined) {
        misses++;
        if (misses <= 3) console.error(`replay: no recording for a ${name} request`);
        res.writeHead(500, { 'content-type': 'application/json' }).end('{"errors":[{"message":"no recording"}]}');
        return;
      }
      answered++;
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(answer) }).end(answer);
    });
  });
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  urls[name] = `http://127.0.0.1:${(server.address() as { port: number }).port}/graphql`;
}
console.log(JSON.stringify({ urls }));
