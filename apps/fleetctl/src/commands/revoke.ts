import { ZRevocationReason } from "@fleetwire/identity/schemas";
import { withApi } from "../api-client.ts";
import { parseFlags, requireFlag } from "../args.ts";
import { CliError, printJson } from "../cli.ts";
import { loadFleetctlEnv } from "../env.ts";

const USAGE = "revoke --device ID --reason REASON [--serial HEX] [--json]";

/**
 * `fleetctl revoke`: revokes a device's certificate(s) with an RFC 5280 reason (name such as
 * keyCompromise, or code such as 1). The live MQTT session is dropped and the CRL re-signed.
 */
export async function runRevoke(args: string[], json: boolean): Promise<number> {
  const { values } = parseFlags(
    args,
    { device: { type: "string" }, reason: { type: "string" }, serial: { type: "string" } },
    USAGE,
  );
  const deviceId = requireFlag(values.device, "--device", USAGE);
  const rawReason = requireFlag(values.reason, "--reason", USAGE);
  const reason = ZRevocationReason.safeParse(/^\d+$/.test(rawReason) ? Number(rawReason) : rawReason);
  if (!reason.success) {
    throw new CliError(
      `--reason: one of unspecified, keyCompromise, cACompromise, affiliationChanged, superseded, cessationOfOperation, certificateHold, privilegeWithdrawn (or its code)\nusage: ${USAGE}`,
      2,
    );
  }
  const result = await withApi(loadFleetctlEnv(), (api) =>
    api.certificates.revoke.mutate({
      deviceId,
      reason: reason.data,
      ...(values.serial ? { serial: values.serial } : {}),
    }),
  );
  if (json) printJson(result);
  else {
    process.stdout.write(
      `revoked ${result.revoked.join(", ")} of ${result.deviceId} (${result.reason}); CRL #${result.crlNumber}; device is ${result.deviceStatus}\n`,
    );
  }
  return 0;
}
