import autocannon from 'autocannon';
import hdr from 'hdr-histogram-js';

hdr.initWebAssemblySync();

/** One load run's figures. */
export interface RunResult {
  rps: number;
  p50: number;
  p95: number;
  p99: number;
  errors: number;
  non2xx: number;
  bytesPerResponse: number;
  /** Responses received in the run. */
  responses: number;
}

export interface LoadOptions {
  url: string;
  body: string;
  headers?: Record<string, string>;
  connections: number;
  seconds: number;
  /** More autocannon options, e.g. `requests` (a chain per connection with `setupRequest`/`onResponse`). */
  autocannon?: Partial<Omit<autocannon.Options, 'url' | 'connections' | 'duration' | 'histograms'>>;
}

/** Runs autocannon once and reads p50/p95/p99 (ms) from its latency histogram. */
export async function runLoad(opts: LoadOptions): Promise<RunResult> {
  const latencies = hdr.build({ useWebAssembly: true, bitBucketSize: 64, autoResize: true, lowestDiscernibleValue: 1, highestTrackableValue: 10_000, numberOfSignificantValueDigits: 3 });
  // autocannon destroys the histograms it is given when the run ends; keep ours alive until p95 is read.
  const kept = new Proxy(latencies, { get: (target, prop, receiver) => (prop === 'destroy' ? () => {} : Reflect.get(target, prop, receiver)) });
  const result = await autocannon({
    url: opts.url,
    method: 'POST',
    body: opts.body,
    headers: { 'content-type': 'application/json', ...opts.headers },
    connections: opts.connections,
    duration: opts.seconds,
    histograms: { latencies: kept },
    ...opts.autocannon,
  } as autocannon.Options);
  const out = {
    rps: result.requests.average,
    p50: latencies.getValueAtPercentile(50),
    p95: latencies.getValueAtPercentile(95),
    p99: latencies.getValueAtPercentile(99),
    errors: result.errors + result.timeouts,
    non2xx: result.non2xx,
    bytesPerResponse: result.requests.total ? Math.round(result.throughput.total / result.requests.total) : 0,
    responses: result.requests.total,
  };
  latencies.destroy();
  return out;
}

/** The median of a list of numbers. */
export function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? (s[mid] ?? 0) : ((s[mid - 1] ?? 0) + (s[mid] ?? 0)) / 2;
}

/** Warm-up, then `runs` measured runs; medians of each figure across runs. */
export async function measure(
  opts: LoadOptions & { warmupSeconds: number; runs: number },
  progress: (line: string) => void,
): Promise<RunResult & { runs: RunResult[] }> {
  progress(`  warm-up ${opts.warmupSeconds} s`);
  const warmup = await runLoad({ ...opts, seconds: opts.warmupSeconds });
  const runs: RunResult[] = [];
  for (let i = 1; i <= opts.runs; i++) {
    const r = await runLoad(opts);
    progress(`  run ${i}/${opts.runs}: ${r.rps.toFixed(0)} req/s, p50 ${r.p50} ms, p99 ${r.p99} ms${r.errors || r.non2xx ? `, ${r.errors} errors, ${r.non2xx} non-2xx` : ''}`);
    runs.push(r);
  }
  const pick = (k: keyof RunResult) => median(runs.map((r) => r[k]));
  // `responses`: all of them, warm-up included (what a subgraph-side count over the whole measurement compares with).
  const responses = warmup.responses + runs.reduce((sum, r) => sum + r.responses, 0);
  return { rps: pick('rps'), p50: pick('p50'), p95: pick('p95'), p99: pick('p99'), errors: pick('errors'), non2xx: pick('non2xx'), bytesPerResponse: pick('bytesPerResponse'), responses, runs };
}
