import { existsSync } from "node:fs";
import { chmod, mkdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { loadPlatformConfig } from "@fleetwire/config";
import { getPrisma } from "@fleetwire/db";
import { ZDeviceId } from "@fleetwire/identity/schemas";
import { createTestManufacturerCa, issueBootstrapCertificate, TEST_MANUFACTURER_CA_NAME } from "@fleetwire/pki";
import { withApi } from "../api-client.ts";
import { parseFlags, requireFlag, subcommands } from "../args.ts";
import { CliError, printJson } from "../cli.ts";
import { loadFleetctlEnv } from "../env.ts";
import { resolveModelId } from "../resolve-refs.ts";

const ISSUE = "bootstrap issue --device-id ID [--model NAME] [--out DIR] [--json]";

/**
 * The development-only test manufacturer CA, made once per state folder. Its name says
 * "TEST … not for production" wherever it shows up (certificates, the console, `ca list`).
 */
async function ensureTestManufacturerCa(stateDir: string) {
  const dir = path.join(stateDir, "test-manufacturer-ca");
  const certFile = path.join(dir, "ca.pem");
  const keyFile = path.join(dir, "ca.key");
  if (!existsSync(certFile) || !existsSync(keyFile)) {
    await mkdir(dir, { recursive: true, mode: 0o700 });
    const ca = await createTestManufacturerCa();
    await writeFile(keyFile, ca.keyPem, { mode: 0o600 });
    await writeFile(certFile, ca.certPem);
  }
  return { certFile, certPem: await readFile(certFile, "utf8"), keyPem: await readFile(keyFile, "utf8") };
}

/** `fleetctl bootstrap issue`: a bootstrap certificate from the test manufacturer CA (development convenience). */
async function issue(args: string[], json: boolean) {
  const { values } = parseFlags(
    args,
    { "device-id": { type: "string" }, model: { type: "string" }, out: { type: "string" } },
    ISSUE,
  );
  const deviceId = requireFlag(values["device-id"], "--device-id", ISSUE);
  const valid = ZDeviceId.safeParse(deviceId);
  if (!valid.success) throw new CliError(`--device-id: ${valid.error.issues[0]?.message}`, 2);
  const config = loadPlatformConfig();
  const ca = await ensureTestManufacturerCa(config.stateDir);

  let trusted: { modelId: string; caId: string; alreadyTrusted: boolean } | undefined;
  if (values.model) {
    const modelRef = values.model;
    trusted = await withApi(loadFleetctlEnv(), async (api) => {
      const modelId = await resolveModelId(api, modelRef);
      const existing = (await api.manufacturerCas.list.query({ modelId })).find(
        (c) => c.pem?.trim() === ca.certPem.trim(),
      );
      const caId =
        existing?.id ??
        (await api.manufacturerCas.trust.mutate({ pem: ca.certPem, modelId, name: TEST_MANUFACTURER_CA_NAME })).id;
      return { modelId, caId, alreadyTrusted: Boolean(existing) };
    });
    // The registry API has no is_test input; this local development tool marks its own CA directly.
    await getPrisma(config.databaseUrl).trustedManufacturerCa.update({
      where: { id: trusted.caId },
      data: { isTest: true },
    });
  }

  const boot = await issueBootstrapCertificate(ca, deviceId);
  const out = path.resolve(values.out ?? path.join(config.stateDir, "devices", deviceId));
  await mkdir(out, { recursive: true });
  const files = {
    certificate: path.join(out, "bootstrap.pem"),
    key: path.join(out, "bootstrap.key"),
    manufacturerCa: path.join(out, "test-manufacturer-ca.pem"),
  };
  await writeFile(files.certificate, boot.certPem);
  await writeFile(files.key, boot.keyPem, { mode: 0o600 });
  await chmod(files.key, 0o600);
  await writeFile(files.manufacturerCa, ca.certPem);

  const result = {
    deviceId,
    serial: boot.serialNumber,
    issuer: TEST_MANUFACTURER_CA_NAME,
    files,
    trusted: trusted ?? null,
  };
  if (json) printJson(result);
  else {
    process.stdout.write(
      [
        `bootstrap certificate for ${deviceId} from "${TEST_MANUFACTURER_CA_NAME}" (development only)`,
        `  certificate  ${files.certificate}`,
        `  key          ${files.key}`,
        trusted
          ? `  trusted for model ${values.model}${trusted.alreadyTrusted ? " (already)" : ""} as a TEST CA`
          : "  not trusted for any model yet: add --model NAME",
        `next: pnpm fleetctl provision --device-id ${deviceId} --model ${values.model ?? "MODEL"} --bootstrap-cert ${files.certificate} --bootstrap-key ${files.key}`,
        "",
      ].join("\n"),
    );
  }
  return 0;
}

export const runBootstrap = subcommands("bootstrap", { issue: { usage: ISSUE, run: issue } });
