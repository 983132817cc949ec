/** States of a circuit: closed (calls flow), open (fail fast), half-open (one trial call at a time). */
export type CircuitState = 'closed' | 'open' | 'half-open';

export interface CircuitBreakerOptions {
  /** Consecutive failures that open the circuit (default 5). */
  failureThreshold?: number;
  /** How long the circuit stays open before a trial call (default 5 s). */
  openMs?: number;
  now?: () => number;
}

/**
 * A per-subgraph circuit breaker: after `failureThreshold` consecutive transport failures it fails fast for `openMs`,
 * then lets one trial request through; a success closes it again, a failure re-opens it. A dead subgraph therefore
 * costs its callers nothing but an error, and traffic resumes by itself once it is back.
 */
export class CircuitBreaker {
  private failures = 0;
  private openedAt = 0;
  private trialInFlight = false;
  private readonly threshold: number;
  private readonly openMs: number;
  private readonly now: () => number;

  constructor(opts: CircuitBreakerOptions = {}) {
    this.threshold = opts.failureThreshold ?? 5;
    this.openMs = opts.openMs ?? 5000;
    this.now = opts.now ?? Date.now;
  }

  get state(): CircuitState {
    if (this.failures < this.threshold) return 'closed';
    return this.now() - this.openedAt >= this.openMs ? 'half-open' : 'open';
  }

  /** Whether a call may go out now; in half-open state only one trial call is admitted. */
  tryAcquire(): boolean {
    const state = this.state;
    if (state === 'closed') return true;
    if (state === 'open' || this.trialInFlight) return false;
    this.trialInFlight = true;
    return true;
  }

  success(): void {
    this.failures = 0;
    this.trialInFlight = false;
  }

  failure(): void {
    this.trialInFlight = false;
    this.failures++;
    if (this.failures >= this.threshold) this.openedAt = this.now();
  }
}
