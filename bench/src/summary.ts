import type { BenchRun } from "./write-results.ts";

/** The goals of issue 8, each with the figure that decides it (or why it was not measured). */
export function summarizeGoals(run: BenchRun): string[] {
  const lines: string[] = [];
  const data = (name: string) => run.suites[name]?.data as Record<string, unknown> | undefined;
  const ingest = data("mqtt-ingest");
  if (ingest?.maxMsgPerSecond !== undefined) {
    lines.push(`- MQTT ingest maximum: ${Math.round(ingest.maxMsgPerSecond as number)} msg/s Kafka-acknowledged.`);
  }
  return lines;
}
