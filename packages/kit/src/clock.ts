/** The source of "now" for domain code; inject it so tests and demo data control time. */
export interface Clock {
  now(): Date;
}

/** The machine's clock. */
export const systemClock: Clock = { now: () => new Date() };

/** A clock stopped at `at` that tests can move with `set`/`advance`. */
export function fixedClock(at: Date | string): Clock & { set(d: Date | string): void; advance(ms: number): void } {
  let t = new Date(at).getTime();
  return {
    now: () => new Date(t),
    set: (d) => {
      t = new Date(d).getTime();
    },
    advance: (ms) => {
      t += ms;
    },
  };
}

/** The system clock, or a fixed one when an ISO instant is given (CLOCK_NOW). */
export function clockFrom(iso: string | undefined): Clock {
  return iso ? fixedClock(iso) : systemClock;
}
