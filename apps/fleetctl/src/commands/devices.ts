import { DEVICE_LIST_STATUSES } from "@fleetwire/registry/schemas";
import { withApi } from "../api-client.ts";
import { cell, parseFlags, subcommands } from "../args.ts";
import { CliError, printJson, printTable } from "../cli.ts";
import { loadFleetctlEnv } from "../env.ts";
import { resolveFleetId, resolveModelId } from "../resolve-refs.ts";

const LIST =
  "devices list [--status online|offline|revoked] [--fleet SLUG] [--model NAME] [--firmware V] [--search TEXT] [--limit N] [--cursor C] [--json]";

type Status = (typeof DEVICE_LIST_STATUSES)[number];

async function list(args: string[], json: boolean) {
  const { values } = parseFlags(
    args,
    {
      status: { type: "string" },
      fleet: { type: "string" },
      model: { type: "string" },
      firmware: { type: "string" },
      search: { type: "string" },
      limit: { type: "string" },
      cursor: { type: "string" },
    },
    LIST,
  );
  if (values.status && !(DEVICE_LIST_STATUSES as readonly string[]).includes(values.status)) {
    throw new CliError(`--status must be one of ${DEVICE_LIST_STATUSES.join(", ")}`, 2);
  }
  if (values.limit && !/^\d+$/.test(values.limit)) throw new CliError("--limit must be a number", 2);
  const page = await withApi(loadFleetctlEnv(), async (api) =>
    api.devices.list.query({
      status: values.status as Status | undefined,
      fleetId: values.fleet ? await resolveFleetId(api, values.fleet) : undefined,
      modelId: values.model ? await resolveModelId(api, values.model) : undefined,
      firmwareVersion: values.firmware,
      search: values.search,
      limit: values.limit ? Number(values.limit) : undefined,
      cursor: values.cursor,
    }),
  );
  if (json) printJson(page);
  else {
    printTable([
      ["ID", "NAME", "FLEET", "MODEL", "FIRMWARE", "STATUS", "ONLINE", "LAST SEEN"],
      ...page.items.map((d) => [
        d.id,
        cell(d.name),
        d.fleet.slug,
        d.model.name,
        cell(d.firmwareVersion),
        d.status,
        d.online ? "yes" : "no",
        cell(d.lastSeenAt),
      ]),
    ]);
    if (page.nextCursor) process.stdout.write(`\nmore: pnpm fleetctl devices list --cursor ${page.nextCursor}\n`);
  }
  return 0;
}

/** `fleetctl devices list`. */
export const runDevices = subcommands("devices", { list: { usage: LIST, run: list } });
