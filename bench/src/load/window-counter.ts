/**
 * Counts what lands inside the measured window of a load phase: a reading of a counter when the
 * warm-up ends and another when publishing stops, both taken on timers started with the load, so
 * the rate is measured where the data lands (Kafka, PostgreSQL), not where it is sent.
 */
export function windowCounter(read: () => number | Promise<number>, warmupMs: number, durationMs: number) {
  let start: Promise<{ at: number; count: number }> | undefined;
  let end: Promise<{ at: number; count: number }> | undefined;
  const timers: NodeJS.Timeout[] = [];
  const snapshot = async () => {
    const at = performance.now();
    const count = await read();
    return { at, count };
  };
  return {
    /** Call when publishing starts. */
    started() {
      timers.push(setTimeout(() => (start = snapshot()), warmupMs));
      timers.push(setTimeout(() => (end = snapshot()), durationMs));
    },
    async perSecond(): Promise<number> {
      for (const t of timers) clearTimeout(t);
      if (!start || !end) return 0;
      const [s, e] = await Promise.all([start, end]);
      if (e.at <= s.at) return 0;
      return Math.round((e.count - s.count) / ((e.at - s.at) / 1000));
    },
  };
}
