/**
 * Turns successive `metrics.overview` snapshots (cumulative Prometheus counters) into the series
 * the Overview charts: per-second rates between snapshots, and windowed averages of histograms.
 */
export type Labelled = { value: number } & Record<string, string | number>;
export type Snapshot = { at: string } & Record<string, unknown>;
export type Point = { t: number } & Record<string, number>;

/** Counter values summed by the given label (e.g. messages in by protocol). */
export function sumBy(rows: Labelled[], label: string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const row of rows) {
    const key = String(row[label] ?? "unknown");
    out[key] = (out[key] ?? 0) + row.value;
  }
  return out;
}

/**
 * Per-second rate of each key between consecutive snapshots. A counter that went down (its
 * process restarted) counts from zero again rather than showing a negative rate.
 */
export function rates<S extends Snapshot>(history: S[], read: (s: S) => Record<string, number>): Point[] {
  const points: Point[] = [];
  for (let i = 1; i < history.length; i++) {
    const prev = history[i - 1] as S;
    const cur = history[i] as S;
    const seconds = (Date.parse(cur.at) - Date.parse(prev.at)) / 1000;
    if (seconds <= 0) continue;
    const before = read(prev);
    const now = read(cur);
    const point: Point = { t: Date.parse(cur.at) };
    for (const [key, value] of Object.entries(now)) {
      const delta = value >= (before[key] ?? 0) ? value - (before[key] ?? 0) : value;
      point[key] = delta / seconds;
    }
    points.push(point);
  }
  return points;
}

/** Mean of a histogram (sum/count) over each interval between snapshots, in milliseconds. */
export function windowedMeanMs<S extends Snapshot>(
  history: S[],
  read: (s: S) => Record<string, { sum: number; count: number }>,
): Point[] {
  const points: Point[] = [];
  for (let i = 1; i < history.length; i++) {
    const before = read(history[i - 1] as S);
    const now = read(history[i] as S);
    const point: Point = { t: Date.parse((history[i] as S).at) };
    for (const [key, { sum, count }] of Object.entries(now)) {
      const dc = count - (before[key]?.count ?? 0);
      const ds = sum - (before[key]?.sum ?? 0);
      if (dc > 0 && ds >= 0) point[key] = (ds / dc) * 1000;
    }
    points.push(point);
  }
  return points;
}

/** The keys any point has, for one line per key. */
export function seriesKeys(points: Point[]): string[] {
  const keys = new Set<string>();
  for (const p of points) for (const k of Object.keys(p)) if (k !== "t") keys.add(k);
  return [...keys].sort();
}
