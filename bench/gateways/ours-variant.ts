/**
 * Our gateway with one or more of its optimisations switched off, to measure what each is worth (bench only: it
 * patches the data source class in this process). OURS_VARIANT is a comma-separated list of:
 *   no-dedupe — send every entity representation, duplicates included (as stock @apollo/gateway does);
 *   fetch     — call subgraphs with Node's fetch and AbortSignal.timeout, as before subgraph-fetcher.ts.
 * Env otherwise as ours.ts.
 */
import { SubgraphDataSource } from '../../gateway/src/datasource.ts';

const off = new Set((process.env.OURS_VARIANT ?? '').split(',').filter(Boolean));
type Patchable = { process: unknown; send: unknown; willSendRequest: (this: { fetcher: unknown }, ...a: unknown[]) => Promise<void> };
const proto = SubgraphDataSource.prototype as unknown as Patchable;
if (off.has('no-dedupe')) proto.process = proto.send;
if (off.has('fetch')) {
  const willSendRequest = proto.willSendRequest;
  const viaFetch = (input: string, init: RequestInit) => fetch(input, { ...init, signal: AbortSignal.timeout(2000) });
  proto.willSendRequest = function (this: { fetcher: unknown }, ...a: unknown[]) {
    this.fetcher = viaFetch;
    return willSendRequest.apply(this, a);
  };
}
await import('./ours.ts');
