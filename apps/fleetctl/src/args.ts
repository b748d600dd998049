import { type ParseArgsOptionsConfig, parseArgs } from "node:util";
import { CliError } from "./cli.ts";

/** Parses a command's flags strictly: an unknown or malformed flag is a usage error (exit 2). */
export function parseFlags<T extends ParseArgsOptionsConfig>(args: string[], options: T, usage: string) {
  try {
    return parseArgs({ args, options, strict: true, allowPositionals: true });
  } catch (error) {
    throw new CliError(`${(error as Error).message}\nusage: ${usage}`, 2);
  }
}

export function requireFlag(value: string | undefined, flag: string, usage: string): string {
  if (!value) throw new CliError(`${flag} is required\nusage: ${usage}`, 2);
  return value;
}

/** Dispatches `fleetctl <group> <verb>` to the verb's handler. */
export function subcommands(
  group: string,
  verbs: Record<string, { usage: string; run: (args: string[], json: boolean) => Promise<number> }>,
) {
  return (args: string[], json: boolean): Promise<number> => {
    const [verb, ...rest] = args;
    const handler = verb ? verbs[verb] : undefined;
    if (!handler) {
      const lines = Object.values(verbs).map((v) => `  pnpm fleetctl ${v.usage}`);
      throw new CliError(
        `${verb ? `unknown ${group} command "${verb}"` : `${group}: which command?`}\n${lines.join("\n")}`,
        2,
      );
    }
    return handler.run(rest, json);
  };
}

/** A value in one table cell: times as ISO without milliseconds, nothing as "-". */
export function cell(value: unknown): string {
  if (value === null || value === undefined || value === "") return "-";
  if (value instanceof Date) return value.toISOString().replace(/\.\d{3}Z$/, "Z");
  if (typeof value === "string" && /^\d{4}-\d\d-\d\dT/.test(value)) return value.replace(/\.\d{3}Z$/, "Z");
  return String(value);
}
