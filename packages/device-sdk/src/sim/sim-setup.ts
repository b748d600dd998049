import { existsSync } from "node:fs";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { createTestManufacturerCa, TEST_MANUFACTURER_CA_NAME } from "@fleetwire/pki";
import type { OperatorApi } from "./operator-api.ts";

/** What the simulated devices' readings look like. */
export const SIM_TELEMETRY_SCHEMA = {
  $schema: "https://json-schema.org/draft/2020-12/schema",
  type: "object",
  properties: { temperature: { type: "number" }, humidity: { type: "number", minimum: 0, maximum: 100 } },
  required: ["temperature"],
  additionalProperties: false,
};

/**
 * The development-only test manufacturer CA, in the same files `fleetctl bootstrap issue` uses
 * (<stateDir>/test-manufacturer-ca), so both tools issue bootstrap certificates under one CA.
 */
export async function loadTestManufacturerCa(stateDir: string): Promise<{ certPem: string; keyPem: string }> {
  const dir = path.join(stateDir, "test-manufacturer-ca");
  const certFile = path.join(dir, "ca.pem");
  const keyFile = path.join(dir, "ca.key");
  if (!existsSync(certFile) || !existsSync(keyFile)) {
    await mkdir(dir, { recursive: true, mode: 0o700 });
    const ca = await createTestManufacturerCa();
    await writeFile(keyFile, ca.keyPem, { mode: 0o600 });
    await writeFile(certFile, ca.certPem);
  }
  return { certPem: await readFile(certFile, "utf8"), keyPem: await readFile(keyFile, "utf8") };
}

interface Named {
  id: string;
  name: string;
}

/**
 * The model the simulated devices provision as, trusting the test manufacturer CA: `--model NAME`
 * (which must exist), or the simulator's own "simulator" model in a "simulator" fleet, made on
 * first use. Everything goes through the operator API, so it is audited like any other change.
 */
export async function prepareSimModel(
  api: OperatorApi,
  manufacturer: { certPem: string },
  modelName?: string,
): Promise<{ modelId: string; modelName: string }> {
  let model = (await api.query<Named[]>("models.list", {})).find((m) => m.name === (modelName ?? "simulator"));
  if (!model) {
    if (modelName) throw new Error(`no model named "${modelName}"`);
    const fleets = await api.query<Array<Named & { slug: string }>>("fleets.list", {});
    const fleet =
      fleets.find((f) => f.slug === "simulator") ??
      (await api.mutate<Named>("fleets.create", { name: "Simulator", slug: "simulator" }));
    model = await api.mutate<Named>("models.create", {
      name: "simulator",
      description: "Devices of `pnpm sim`",
      telemetrySchema: SIM_TELEMETRY_SCHEMA,
      defaultFleetId: fleet.id,
    });
  }
  const trusted = await api.query<Array<{ pem?: string }>>("manufacturerCas.list", { modelId: model.id });
  if (!trusted.some((ca) => ca.pem?.trim() === manufacturer.certPem.trim())) {
    await api.mutate("manufacturerCas.trust", {
      pem: manufacturer.certPem,
      modelId: model.id,
      name: TEST_MANUFACTURER_CA_NAME,
    });
  }
  return { modelId: model.id, modelName: model.name };
}
