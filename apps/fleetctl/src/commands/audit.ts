import { AUDIT_OUTCOMES } from "@fleetwire/registry/schemas";
import { withApi } from "../api-client.ts";
import { cell, parseFlags, subcommands } from "../args.ts";
import { CliError, printJson, printTable } from "../cli.ts";
import { loadFleetctlEnv } from "../env.ts";

const LIST =
  "audit list [--action PREFIX] [--since 24h|7d|ISO] [--actor EMAIL|ID] [--outcome success|denied|failure] [--target-id ID] [--limit N] [--cursor C] [--json]";

const UNITS: Record<string, number> = { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** `--since 90m`, `24h`, `7d` or an ISO 8601 time, as an ISO time. */
export function parseSince(value: string, now = Date.now()): string {
  const relative = /^(\d+)([smhd])$/.exec(value);
  if (relative) return new Date(now - Number(relative[1]) * (UNITS[relative[2] ?? "s"] ?? 0)).toISOString();
  const at = new Date(value);
  if (Number.isNaN(at.getTime()))
    throw new CliError(`--since must be like 15m, 24h, 7d or an ISO time, not "${value}"`, 2);
  return at.toISOString();
}

async function list(args: string[], json: boolean) {
  const { values } = parseFlags(
    args,
    {
      action: { type: "string" },
      since: { type: "string" },
      actor: { type: "string" },
      outcome: { type: "string" },
      "target-id": { type: "string" },
      limit: { type: "string" },
      cursor: { type: "string" },
    },
    LIST,
  );
  if (values.outcome && !(AUDIT_OUTCOMES as readonly string[]).includes(values.outcome)) {
    throw new CliError(`--outcome must be one of ${AUDIT_OUTCOMES.join(", ")}`, 2);
  }
  if (values.limit && !/^\d+$/.test(values.limit)) throw new CliError("--limit must be a number", 2);
  const page = await withApi(loadFleetctlEnv(), (api) =>
    api.audit.list.query({
      action: values.action,
      since: values.since ? parseSince(values.since) : undefined,
      actor: values.actor,
      outcome: values.outcome as (typeof AUDIT_OUTCOMES)[number] | undefined,
      targetId: values["target-id"],
      limit: values.limit ? Number(values.limit) : undefined,
      cursor: values.cursor,
    }),
  );
  if (json) printJson(page);
  else {
    printTable([
      ["AT", "ACTOR", "ACTION", "TARGET", "OUTCOME", "REASON"],
      ...page.items.map((e) => [
        cell(e.at),
        e.actor.email ?? `${e.actor.type}${e.actor.id ? `:${e.actor.id}` : ""}`,
        e.action,
        e.target ? `${e.target.type}:${e.target.id ?? "-"}` : "-",
        e.outcome,
        cell(e.reason),
      ]),
    ]);
    if (page.nextCursor) process.stdout.write(`\nmore: pnpm fleetctl audit list --cursor ${page.nextCursor}\n`);
  }
  return 0;
}

/** `fleetctl audit list`: the audit log (needs the audit:read permission: admin or auditor). */
export const runAudit = subcommands("audit", { list: { usage: LIST, run: list } });
