/**
 * Counts what an observer saw inside the measured window of a load phase: a snapshot of a
 * counter when the warm-up ends and another when publishing stops, both taken on timers started
 * with the load, so the rate is measured where the data lands (Kafka, PostgreSQL), not where it
 * is sent.
 */
export function windowCounter(read: () => number, warmupMs: number, durationMs: number) {
  let start: { at: number; count: number } | undefined;
  let end: { at: number; count: number } | undefined;
  const timers: NodeJS.Timeout[] = [];
  return {
    /** Call when publishing starts. */
    started() {
      timers.push(setTimeout(() => (start = { at: performance.now(), count: read() }), warmupMs));
      timers.push(setTimeout(() => (end = { at: performance.now(), count: read() }), durationMs));
    },
    perSecond(): number {
      for (const t of timers) clearTimeout(t);
      if (!start || !end || end.at <= start.at) return 0;
      return Math.round((end.count - start.count) / ((end.at - start.at) / 1000));
    },
  };
}
