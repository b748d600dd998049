import { readFile } from "node:fs/promises";
import { OUTLIER_POLICIES } from "@fleetwire/registry/schemas";
import { withApi } from "../api-client.ts";
import { cell, parseFlags, requireFlag, subcommands } from "../args.ts";
import { CliError, printJson, printTable } from "../cli.ts";
import { loadFleetctlEnv } from "../env.ts";
import { resolveFleetId } from "../resolve-refs.ts";

const CREATE =
  "models create --name N --schema-file F [--fleet SLUG] [--description D] [--outlier-policy flag|quarantine] [--json]";

async function readSchemaFile(file: string): Promise<Record<string, unknown>> {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (error) {
    throw new CliError(`cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
  let schema: unknown;
  try {
    schema = JSON.parse(text);
  } catch (error) {
    throw new CliError(`${file} is not JSON: ${(error as Error).message}`);
  }
  if (typeof schema !== "object" || schema === null || Array.isArray(schema)) {
    throw new CliError(`${file} must hold a JSON object (a JSON Schema document)`);
  }
  return schema as Record<string, unknown>;
}

async function create(args: string[], json: boolean) {
  const { values } = parseFlags(
    args,
    {
      name: { type: "string" },
      "schema-file": { type: "string" },
      fleet: { type: "string" },
      description: { type: "string" },
      "outlier-policy": { type: "string" },
    },
    CREATE,
  );
  const name = requireFlag(values.name, "--name", CREATE);
  const telemetrySchema = await readSchemaFile(requireFlag(values["schema-file"], "--schema-file", CREATE));
  const policy = values["outlier-policy"];
  if (policy !== undefined && !(OUTLIER_POLICIES as readonly string[]).includes(policy)) {
    throw new CliError(`--outlier-policy must be one of ${OUTLIER_POLICIES.join(", ")}`, 2);
  }
  const model = await withApi(loadFleetctlEnv(), async (api) =>
    api.models.create.mutate({
      name,
      telemetrySchema,
      description: values.description,
      defaultFleetId: values.fleet ? await resolveFleetId(api, values.fleet) : undefined,
      outlierPolicy: policy as (typeof OUTLIER_POLICIES)[number] | undefined,
    }),
  );
  if (json) printJson(model);
  else
    process.stdout.write(`created device model ${model.name} (${model.id}), schema version ${model.schemaVersion}\n`);
  return 0;
}

async function list(args: string[], json: boolean) {
  const { values } = parseFlags(args, { search: { type: "string" } }, "models list [--search TEXT] [--json]");
  const models = await withApi(loadFleetctlEnv(), (api) => api.models.list.query({ search: values.search }));
  if (json) printJson(models);
  else {
    printTable([
      ["NAME", "SCHEMA", "DEFAULT FLEET", "OUTLIERS", "DEVICES", "CAS", "ID", "UPDATED"],
      ...models.map((m) => [
        m.name,
        `v${m.schemaVersion}`,
        cell(m.defaultFleet?.slug),
        m.outlierPolicy,
        String(m.deviceCount),
        String(m.trustedCaCount),
        m.id,
        cell(m.updatedAt),
      ]),
    ]);
  }
  return 0;
}

/** `fleetctl models create|list`. */
export const runModels = subcommands("models", {
  create: { usage: CREATE, run: create },
  list: { usage: "models list [--search TEXT] [--json]", run: list },
});
