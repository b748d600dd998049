import { spawn, spawnSync } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { buildDeviceServer } from "@fleetwire/control-plane/src/device-api/build-device-server.ts";
import { closeIdentityServices, getIdentityServices } from "@fleetwire/control-plane/src/identity/identity-services.ts";
import {
  startTestControlPlane,
  type TestControlPlane,
} from "@fleetwire/control-plane/src/testing/start-test-control-plane.ts";
import { ensureTestBroker } from "@fleetwire/control-plane/src/testing/test-broker.ts";
import { disconnectPrisma } from "@fleetwire/db";
import { seedDeviceModel, seedFleet, uniqueSuffix } from "@fleetwire/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

// fleetctl bootstrap issue → provision → revoke → crl show, as a developer runs them.
const MAIN = path.join(path.dirname(fileURLToPath(import.meta.url)), "main.ts");

let cp: TestControlPlane;
let broker: Awaited<ReturnType<typeof ensureTestBroker>>;
let out: string;
let devicePort: number;
let token: string;
let closeDevice: () => Promise<void>;

async function fleetctl(args: string[]) {
  const child = spawn(process.execPath, ["--import", "tsx", MAIN, ...args], {
    env: {
      // Keep the harness's own FLEETWIRE_* settings (database, port offset) so fleetctl and the
      // test control plane use the same platform.
      ...Object.fromEntries(Object.entries(process.env).filter(([key]) => key.startsWith("FLEETWIRE_"))),
      PATH: process.env.PATH ?? "",
      HOME: out,
      FLEETWIRE_PROFILE: "test",
      FLEETWIRE_CONTROL_PLANE_URL: cp.url,
      FLEETWIRE_DEVICE_HTTPS_PORT: String(devicePort),
      FLEETWIRE_TOKEN: token,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (c) => (stdout += c));
  child.stderr.on("data", (c) => (stderr += c));
  const code = await new Promise<number | null>((resolve) => child.on("close", resolve));
  return { code, stdout, stderr };
}

beforeAll(async () => {
  broker = await ensureTestBroker();
  cp = await startTestControlPlane();
  const server = await buildDeviceServer(cp.env, () => getIdentityServices(cp.env), { rateLimitPerMinute: 10_000 });
  await server.listen({ host: "127.0.0.1", port: 0 });
  const address = server.server.address();
  if (!address || typeof address === "string") throw new Error("no port");
  devicePort = address.port;
  closeDevice = () => server.close();
  token = (await cp.operatorWithToken("operator")).token;
  out = await mkdtemp(path.join(tmpdir(), "fleetctl-identity-"));
});

afterAll(async () => {
  await closeDevice?.();
  await cp?.close();
  await closeIdentityServices();
  await broker?.stop();
  await disconnectPrisma();
  if (out) await rm(out, { recursive: true, force: true });
});

describe("fleetctl device identity commands", () => {
  it("bootstrap issue, provision, revoke and crl show", { timeout: 120_000 }, async () => {
    const fleet = await seedFleet(cp.prisma, { organisationId: cp.organisation.id });
    const model = await seedDeviceModel(cp.prisma, { organisationId: cp.organisation.id, defaultFleetId: fleet.id });
    const deviceId = `dev-${uniqueSuffix()}`;
    const dir = path.join(out, deviceId);

    const boot = await fleetctl([
      "bootstrap",
      "issue",
      "--device-id",
      deviceId,
      "--model",
      model.name,
      "--out",
      dir,
      "--json",
    ]);
    expect(boot.stderr).toBe("");
    const issued = JSON.parse(boot.stdout);
    expect(issued.issuer).toBe("Fleetwire TEST Manufacturer CA — not for production");
    const trusted = await cp.prisma.trustedManufacturerCa.findUniqueOrThrow({ where: { id: issued.trusted.caId } });
    expect(trusted).toMatchObject({ modelId: model.id, isTest: true });

    const provisioned = await fleetctl([
      ...["provision", "--device-id", deviceId, "--model", model.name],
      ...["--bootstrap-cert", issued.files.certificate, "--bootstrap-key", issued.files.key, "--out", dir, "--json"],
    ]);
    expect(provisioned.stderr).toBe("");
    const result = JSON.parse(provisioned.stdout);
    expect(result).toMatchObject({ device_id: deviceId, fleet_id: fleet.id });
    const verify = spawnSync("openssl", ["verify", "-CAfile", result.files.caChain, result.files.certificate], {
      encoding: "utf8",
    });
    expect(verify.stdout.trim()).toBe(`${result.files.certificate}: OK`);

    const wrongReason = await fleetctl(["revoke", "--device", deviceId, "--reason", "bored"]);
    expect(wrongReason.code).toBe(2);
    const revoked = await fleetctl(["revoke", "--device", deviceId, "--reason", "keyCompromise", "--json"]);
    expect(revoked.stderr).toBe("");
    expect(JSON.parse(revoked.stdout)).toMatchObject({ revoked: [result.serial], deviceStatus: "revoked" });

    const crl = await fleetctl(["crl", "show", "--json"]);
    expect(JSON.parse(crl.stdout).entries).toContainEqual(
      expect.objectContaining({ serial: result.serial, deviceId, reason: "keyCompromise" }),
    );
    const table = await fleetctl(["crl", "show"]);
    expect(table.stdout).toMatch(new RegExp(`${result.serial}\\s+${deviceId}\\s+\\S+\\s+keyCompromise\\s+operator-`));
  });
});
