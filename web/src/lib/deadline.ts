/**
 * An AbortSignal that aborts with a `TimeoutError` after `ms`, or with the parent's reason when `parent` aborts.
 *
 * Deliberately built from AbortController + setTimeout rather than `AbortSignal.any([..., AbortSignal.timeout()])`:
 * on Node 20 the timeout signal inside such a composite can be garbage-collected before it fires, so the request
 * would hang until undici's own 300 s limit. Aborting after the request has completed is a no-op, so the timer is
 * simply left to expire (unref'd, it never keeps the process alive).
 */
export function deadline(ms: number, parent?: AbortSignal | null): AbortSignal {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(new DOMException(`Timed out after ${ms} ms`, 'TimeoutError')), ms);
  if (typeof timer === 'object' && 'unref' in timer) timer.unref();
  if (parent) {
    if (parent.aborted) controller.abort(parent.reason);
    else parent.addEventListener('abort', () => controller.abort(parent.reason), { once: true });
  }
  return controller.signal;
}
