import { withApi } from "../api-client.ts";
import { cell, parseFlags, subcommands } from "../args.ts";
import { printJson, printTable } from "../cli.ts";
import { loadFleetctlEnv } from "../env.ts";

const SHOW = "crl show [--pem] [--json]";

/** `fleetctl crl show`: the current CRL, its entries with who revoked what, when and why (or the PEM). */
async function show(args: string[], json: boolean) {
  const { values } = parseFlags(args, { pem: { type: "boolean" } }, SHOW);
  const crl = await withApi(loadFleetctlEnv(), (api) => api.crl.get.query());
  if (values.pem) process.stdout.write(crl.pem);
  else if (json) printJson(crl);
  else {
    process.stdout.write(
      `CRL #${crl.number}  this update ${cell(crl.thisUpdate)}  next update ${cell(crl.nextUpdate)}\n\n`,
    );
    printTable([
      ["SERIAL", "DEVICE", "REVOKED AT", "REASON", "BY"],
      ...crl.entries.map((e) => [e.serial, e.deviceId, cell(e.revokedAt), e.reason, e.revokedBy?.email ?? "system"]),
    ]);
  }
  return 0;
}

export const runCrl = subcommands("crl", { show: { usage: SHOW, run: show } });
