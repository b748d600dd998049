/** Reconnect pacing: exponential growth from `initialMs` up to `maxMs`. */
export interface BackoffOptions {
  initialMs: number;
  maxMs: number;
}

export const DEFAULT_BACKOFF: BackoffOptions = { initialMs: 500, maxMs: 30_000 };

/**
 * The wait before reconnect attempt `attempt` (0 = the first after a drop): half of the
 * exponential ceiling plus a random half ("equal jitter"), so a fleet that lost its broker at once
 * does not come back at once, and no device waits less than half the ceiling.
 */
export function backoffDelay(attempt: number, options: BackoffOptions = DEFAULT_BACKOFF, random = Math.random): number {
  const ceiling = Math.min(options.maxMs, options.initialMs * 2 ** Math.min(attempt, 30));
  return Math.round(ceiling / 2 + random() * (ceiling / 2));
}
