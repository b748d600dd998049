import { existsSync } from "node:fs";
import { chmod, mkdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { loadPlatformConfig } from "@fleetwire/config";
import type { TProvisionResponse } from "@fleetwire/identity/schemas";
import { createKeyAndCsr } from "@fleetwire/pki";
import { Agent, request } from "undici";
import { parseFlags, requireFlag } from "../args.ts";
import { CliError, printJson } from "../cli.ts";

const USAGE =
  "provision --device-id ID --model NAME --bootstrap-cert FILE --bootstrap-key FILE [--firmware V] [--out DIR] [--json]";

const read = (file: string) =>
  readFile(file, "utf8").catch((error: NodeJS.ErrnoException) => {
    throw new CliError(`cannot read ${file}: ${error.code ?? error.message}`);
  });

/**
 * `fleetctl provision`: what a device does on first boot. Makes a key and a CSR here (the key
 * never leaves this machine), calls POST /provision on the device HTTPS endpoint with the
 * bootstrap certificate in mutual TLS, and writes the operational certificate, key and CA chain.
 */
export async function runProvision(args: string[], json: boolean): Promise<number> {
  const { values } = parseFlags(
    args,
    {
      "device-id": { type: "string" },
      model: { type: "string" },
      "bootstrap-cert": { type: "string" },
      "bootstrap-key": { type: "string" },
      firmware: { type: "string" },
      out: { type: "string" },
    },
    USAGE,
  );
  const deviceId = requireFlag(values["device-id"], "--device-id", USAGE);
  const model = requireFlag(values.model, "--model", USAGE);
  const config = loadPlatformConfig();
  const bootstrapCert = await read(requireFlag(values["bootstrap-cert"], "--bootstrap-cert", USAGE));
  const bootstrapKey = await read(requireFlag(values["bootstrap-key"], "--bootstrap-key", USAGE));
  // The device endpoint's certificate is checked against the platform CA chain.
  if (!existsSync(config.pki.caChainPath)) {
    throw new CliError(`no platform CA chain at ${config.pki.caChainPath}: start the platform first`);
  }
  const ca = await read(config.pki.caChainPath);

  const { keyPem, csrPem } = await createKeyAndCsr(deviceId);
  const dispatcher = new Agent({ connect: { cert: bootstrapCert, key: bootstrapKey, ca } });
  let status: number;
  let body: unknown;
  try {
    const res = await request(`${config.urls.deviceHttps}/provision`, {
      method: "POST",
      dispatcher,
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ device_id: deviceId, model, firmware_version: values.firmware ?? "0.0.0", csr: csrPem }),
    });
    status = res.statusCode;
    body = await res.body.json().catch(() => undefined);
  } catch (error) {
    throw new CliError(`cannot reach the device endpoint ${config.urls.deviceHttps}: ${(error as Error).message}`);
  } finally {
    await dispatcher.close();
  }
  if (status !== 201) {
    const e = (body as { error?: { code?: string; message?: string; details?: { reason?: string } } })?.error;
    throw new CliError(
      `provisioning refused (${status} ${e?.details?.reason ?? e?.code ?? ""}): ${e?.message ?? "no details"}`,
    );
  }
  const result = body as TProvisionResponse;
  const out = path.resolve(values.out ?? path.join(config.stateDir, "devices", deviceId));
  await mkdir(out, { recursive: true });
  const files = {
    certificate: path.join(out, "device.pem"),
    key: path.join(out, "device.key"),
    caChain: path.join(out, "ca-chain.pem"),
  };
  await writeFile(files.key, keyPem, { mode: 0o600 });
  await chmod(files.key, 0o600);
  await writeFile(files.certificate, result.operational_cert_pem);
  await writeFile(files.caChain, result.ca_chain_pem);

  const { operational_cert_pem: _c, ca_chain_pem: _ca, ...summary } = result;
  if (json) printJson({ ...summary, files });
  else {
    const [host, port] = result.broker_endpoint.replace("mqtts://", "").split(":");
    process.stdout.write(
      [
        `provisioned ${result.device_id} in fleet ${result.fleet_id} (serial ${result.serial}, until ${result.expires_at})`,
        `  certificate  ${files.certificate}`,
        `  key          ${files.key}`,
        `  CA chain     ${files.caChain}`,
        `  broker       ${result.broker_endpoint}`,
        `try: mosquitto_pub -h ${host} -p ${port} --cafile ${files.caChain} --cert ${files.certificate} --key ${files.key} -i ${result.device_id} -V mqttv5 -q 1 -t ${result.fleet_id}/devices/${result.device_id}/telemetry -m '{}'`,
        "",
      ].join("\n"),
    );
  }
  return 0;
}
