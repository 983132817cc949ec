/**
 * Cost of the user subgraph's security primitives on this machine:
 *   cd subgraphs/user && npx tsx bench/auth.ts [--rounds N]
 * - scrypt hash + verify with the production parameters (DEFAULT_SCRYPT) and the test parameters (TEST_SCRYPT);
 * - attempt-limiter decisions per second in-process, and on Redis when REDIS_URL is set.
 * Prints progress to stderr and a markdown table to stdout (paste it into bench/RESULTS.md).
 */
import { cpus } from 'node:os';
import { createMemoryRateLimiter, createRedisRateLimiter, type RateLimiter } from '@emporium/kit';
import { DEFAULT_SCRYPT, hashPassword, TEST_SCRYPT, verifyPassword, type ScryptParams } from '../src/auth/passwords.ts';

const args = process.argv.slice(2);
const roundsAt = args.indexOf('--rounds');
const rounds = roundsAt >= 0 ? Number(args[roundsAt + 1]) : 10;
if (!Number.isInteger(rounds) || rounds < 1) throw new Error('--rounds must be a positive whole number');

const rows: string[] = [];
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function scryptRow(name: string, params: ScryptParams) {
  const hashMs: number[] = [];
  const verifyMs: number[] = [];
  for (let i = 0; i < rounds; i++) {
    let t = performance.now();
    const h = await hashPassword('correct horse battery staple', params);
    hashMs.push(performance.now() - t);
    t = performance.now();
    await verifyPassword('correct horse battery staple', h);
    verifyMs.push(performance.now() - t);
    process.stderr.write(`\r${name}: ${i + 1}/${rounds}`);
  }
  process.stderr.write('\n');
  rows.push(`| scrypt ${name} (ln=${params.ln}, r=${params.r}, p=${params.p}) | hash median ${median(hashMs).toFixed(0)} ms, verify median ${median(verifyMs).toFixed(0)} ms | ${rounds} rounds |`);
}

async function limiterRow(name: string, limiter: RateLimiter) {
  const n = 2_000;
  const rule = { limit: 1_000_000, windowSeconds: 60 };
  const t = performance.now();
  for (let i = 0; i < n; i++) {
    await limiter.consume(`bench:${i % 100}`, rule);
    if ((i + 1) % 500 === 0) process.stderr.write(`\rlimiter ${name}: ${i + 1}/${n}`);
  }
  const ms = performance.now() - t;
  process.stderr.write('\n');
  rows.push(`| attempt limiter, ${name} | ${Math.round((n / ms) * 1000)} sequential decisions/s (${((ms / n) * 1000).toFixed(0)} µs each) | ${n} calls |`);
  await limiter.close();
}

await scryptRow('production', DEFAULT_SCRYPT);
await scryptRow('test', TEST_SCRYPT);
await limiterRow('in-process', createMemoryRateLimiter());
if (process.env.REDIS_URL) await limiterRow('Redis (Lua script)', await createRedisRateLimiter({ url: process.env.REDIS_URL, namespace: `emporium-bench:${process.pid}` }));

console.log(`Node ${process.version}, ${cpus().length} × ${cpus()[0]?.model ?? 'CPU'}\n`);
console.log('| what | result | sample |\n| --- | --- | --- |');
for (const r of rows) console.log(r);
