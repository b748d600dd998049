import { withApi } from "../api-client.ts";
import { parseFlags, requireFlag, subcommands } from "../args.ts";
import { printJson } from "../cli.ts";
import { loadFleetctlEnv } from "../env.ts";

const CREATE = "psk create --device ID [--json]";
const REVOKE = "psk revoke --device ID --reason TEXT [--json]";

/** `fleetctl psk create`: a TLS-PSK for a device; the key is printed once and never again. */
async function create(args: string[], json: boolean) {
  const { values } = parseFlags(args, { device: { type: "string" } }, CREATE);
  const deviceId = requireFlag(values.device, "--device", CREATE);
  const psk = await withApi(loadFleetctlEnv(), (api) => api.devices.psk.create.mutate({ deviceId }));
  if (json) printJson(psk);
  else {
    process.stdout.write(
      `PSK for ${psk.deviceId} (shown once; store it on the device now)\n  identity  ${psk.identity}\n  key (hex) ${psk.keyHex}\n`,
    );
  }
  return 0;
}

async function revoke(args: string[], json: boolean) {
  const { values } = parseFlags(args, { device: { type: "string" }, reason: { type: "string" } }, REVOKE);
  const deviceId = requireFlag(values.device, "--device", REVOKE);
  const reason = requireFlag(values.reason, "--reason", REVOKE);
  const result = await withApi(loadFleetctlEnv(), (api) => api.devices.psk.revoke.mutate({ deviceId, reason }));
  if (json) printJson(result);
  else process.stdout.write(`revoked PSK ${result.identity} of ${result.deviceId}\n`);
  return 0;
}

export const runPsk = subcommands("psk", {
  create: { usage: CREATE, run: create },
  revoke: { usage: REVOKE, run: revoke },
});
