/**
 * The sandbox's clock: wall time plus an offset that tests move forward with
 * `advanceTime(ms)`, so token expiry and rolling rate-limit windows can be exercised
 * without waiting. Timers (webhook back-off, latency faults) still use real time.
 */
export class SandboxClock {
  private offsetMs = 0;

  /** Epoch milliseconds as the sandbox sees them. */
  now(): number {
    return Date.now() + this.offsetMs;
  }

  /** ISO-8601 form of {@link SandboxClock.now}, as HubSpot writes timestamps. */
  isoNow(): string {
    return new Date(this.now()).toISOString();
  }

  /** Moves sandbox time forward (never backward). */
  advance(ms: number): void {
    if (!Number.isFinite(ms) || ms < 0) throw new Error('advanceTime takes a non-negative number of milliseconds');
    this.offsetMs += ms;
  }

  /** Returns to wall time. */
  reset(): void {
    this.offsetMs = 0;
  }
}

/** A source of randomness in [0, 1); seedable so fault injection can be reproduced. */
export type RandomSource = () => number;

/** mulberry32: a tiny deterministic PRNG, used when a seed is given. */
export function createSeededRandom(seed: number): RandomSource {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
