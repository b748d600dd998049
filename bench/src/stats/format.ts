import type { LatencySummary } from "./latency-summary.ts";

export const fmtInt = (n: number) => (Number.isFinite(n) ? Math.round(n).toLocaleString("en-US") : "n/a");

export const fmtMs = (n: number) =>
  !Number.isFinite(n) ? "n/a" : n >= 100 ? `${Math.round(n)}` : n >= 10 ? n.toFixed(1) : n.toFixed(2);

/** CPU time per message or record: "12.3 µs". */
export const fmtMicros = (n: number) => (Number.isFinite(n) ? `${n.toFixed(1)} µs` : "n/a");

/** "p50 1.2 / p95 3.4 / p99 5.6 ms (n=1,000)" */
export function fmtLatency(s: LatencySummary): string {
  if (s.count === 0) return "no samples";
  return `p50 ${fmtMs(s.p50)} / p95 ${fmtMs(s.p95)} / p99 ${fmtMs(s.p99)} ms (max ${fmtMs(s.max)}, n=${fmtInt(s.count)})`;
}

/** A ratio such as "0.42x" (NaN-safe). */
export function fmtRatio(value: number, base: number): string {
  if (!Number.isFinite(value) || !Number.isFinite(base) || base === 0) return "n/a";
  const ratio = value / base;
  return `${ratio < 0.1 ? ratio.toFixed(3) : ratio.toFixed(2)}x`;
}

/** A markdown table. */
export function table(head: string[], rows: (string | number)[][]): string[] {
  return [
    `| ${head.join(" | ")} |`,
    `|${head.map(() => "---").join("|")}|`,
    ...rows.map((r) => `| ${r.join(" | ")} |`),
  ];
}
