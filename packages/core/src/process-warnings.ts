/**
 * kafkajs 2.2 schedules timers with negative delays, which Node 24 reports as a
 * TimeoutNegativeWarning on every run (harmless: Node clamps them to 1 ms). Hide only that
 * warning so real ones stay visible. Call once from a process's entry point.
 */
export function hideKafkajsTimerWarning(): void {
  const original = process.emitWarning.bind(process);
  process.emitWarning = ((warning: string | Error, ...rest: unknown[]) => {
    const name =
      typeof warning === "string"
        ? typeof rest[0] === "string"
          ? rest[0]
          : (rest[0] as { type?: string })?.type
        : warning.name;
    if (name === "TimeoutNegativeWarning") return;
    return (original as (...args: unknown[]) => void)(warning, ...rest);
  }) as typeof process.emitWarning;
}
