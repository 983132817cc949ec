import { randomUUID } from 'node:crypto';
import { createEnvelope, type EventEnvelope } from '../../src/events/index.ts';

/** A test event of `type` with a small payload. */
export function testEvent(type: string, payload: Record<string, unknown> = {}): EventEnvelope {
  return createEnvelope({ type, source: 'test', payload: { ...payload, nonce: randomUUID() } });
}

/** Resolves once `check` is true (polling), or rejects after `timeoutMs`. */
export async function eventually(check: () => boolean | Promise<boolean>, timeoutMs = 10_000, what = 'condition'): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`${what} not met within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** A promise with its resolve function exposed. */
export function deferred<T = void>(): { promise: Promise<T>; resolve: (v: T) => void } {
  let resolve!: (v: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
