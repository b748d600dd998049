import { withApi } from "../api-client.ts";
import { cell, parseFlags, requireFlag, subcommands } from "../args.ts";
import { printJson, printTable } from "../cli.ts";
import { loadFleetctlEnv } from "../env.ts";

const CREATE = "fleets create --name N [--slug S] [--description D] [--json]";

/** A slug from a name: "North Plant #2" -> "north-plant-2". */
function slugify(name: string): string {
  return name
    .normalize("NFKD")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "");
}

async function create(args: string[], json: boolean) {
  const { values } = parseFlags(
    args,
    { name: { type: "string" }, slug: { type: "string" }, description: { type: "string" } },
    CREATE,
  );
  const name = requireFlag(values.name, "--name", CREATE);
  const fleet = await withApi(loadFleetctlEnv(), (api) =>
    api.fleets.create.mutate({ name, slug: values.slug ?? slugify(name), description: values.description }),
  );
  if (json) printJson(fleet);
  else process.stdout.write(`created fleet ${fleet.slug} (${fleet.id})\n`);
  return 0;
}

async function list(args: string[], json: boolean) {
  const { values } = parseFlags(args, { search: { type: "string" } }, "fleets list [--search TEXT] [--json]");
  const fleets = await withApi(loadFleetctlEnv(), (api) => api.fleets.list.query({ search: values.search }));
  if (json) printJson(fleets);
  else {
    printTable([
      ["SLUG", "NAME", "DEVICES", "MODELS", "ID", "CREATED"],
      ...fleets.map((f) => [f.slug, f.name, String(f.deviceCount), String(f.modelCount), f.id, cell(f.createdAt)]),
    ]);
  }
  return 0;
}

/** `fleetctl fleets create|list`. */
export const runFleets = subcommands("fleets", {
  create: { usage: CREATE, run: create },
  list: { usage: "fleets list [--search TEXT] [--json]", run: list },
});
