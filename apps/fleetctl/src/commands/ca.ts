import { readFile } from "node:fs/promises";
import { withApi } from "../api-client.ts";
import { cell, parseFlags, requireFlag, subcommands } from "../args.ts";
import { CliError, printJson, printTable } from "../cli.ts";
import { loadFleetctlEnv } from "../env.ts";
import { resolveFleetId, resolveModelId } from "../resolve-refs.ts";

const TRUST = "ca trust --pem-file F (--model NAME | --fleet SLUG) [--name N] [--json]";
const LIST = "ca list [--model NAME | --fleet SLUG] [--json]";

async function trust(args: string[], json: boolean) {
  const { values } = parseFlags(
    args,
    { "pem-file": { type: "string" }, model: { type: "string" }, fleet: { type: "string" }, name: { type: "string" } },
    TRUST,
  );
  const file = requireFlag(values["pem-file"], "--pem-file", TRUST);
  if (Boolean(values.model) === Boolean(values.fleet)) {
    throw new CliError(`give exactly one of --model and --fleet\nusage: ${TRUST}`, 2);
  }
  const pem = await readFile(file, "utf8").catch((error: NodeJS.ErrnoException) => {
    throw new CliError(`cannot read ${file}: ${error.code ?? error.message}`);
  });
  const ca = await withApi(loadFleetctlEnv(), async (api) =>
    api.manufacturerCas.trust.mutate({
      pem,
      name: values.name,
      modelId: values.model ? await resolveModelId(api, values.model) : undefined,
      fleetId: values.fleet ? await resolveFleetId(api, values.fleet) : undefined,
    }),
  );
  if (json) printJson(ca);
  else {
    process.stdout.write(
      `trusted ${ca.subject} for ${ca.scope.type} ${ca.scope.name} (sha256 ${ca.fingerprint}, until ${cell(ca.notAfter)})\n`,
    );
  }
  return 0;
}

async function list(args: string[], json: boolean) {
  const { values } = parseFlags(args, { model: { type: "string" }, fleet: { type: "string" } }, LIST);
  const cas = await withApi(loadFleetctlEnv(), async (api) =>
    api.manufacturerCas.list.query({
      modelId: values.model ? await resolveModelId(api, values.model) : undefined,
      fleetId: values.fleet ? await resolveFleetId(api, values.fleet) : undefined,
    }),
  );
  if (json) printJson(cas);
  else {
    printTable([
      ["ID", "NAME", "SCOPE", "SUBJECT", "NOT AFTER", "SHA-256"],
      ...cas.map((c) => [
        c.id,
        c.isTest ? `${c.name} [TEST]` : c.name,
        `${c.scope.type}:${c.scope.name}`,
        c.subject,
        `${cell(c.notAfter)}${c.expired ? " (expired)" : ""}`,
        c.fingerprint,
      ]),
    ]);
  }
  return 0;
}

async function remove(args: string[], json: boolean) {
  const usage = "ca remove ID [--json]";
  const { positionals } = parseFlags(args, {}, usage);
  const caId = requireFlag(positionals[0], "ID", usage);
  const ca = await withApi(loadFleetctlEnv(), (api) => api.manufacturerCas.remove.mutate({ caId }));
  if (json) printJson(ca);
  else process.stdout.write(`no longer trusting ${ca.subject} (${ca.id})\n`);
  return 0;
}

/** `fleetctl ca trust|list|remove`: manufacturer (bootstrap) CAs trusted for zero-touch provisioning. */
export const runCa = subcommands("ca", {
  trust: { usage: TRUST, run: trust },
  list: { usage: LIST, run: list },
  remove: { usage: "ca remove ID [--json]", run: remove },
});
