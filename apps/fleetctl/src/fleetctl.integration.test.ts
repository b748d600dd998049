import { spawn } from "node:child_process";
import { mkdtemp, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import {
  startTestControlPlane,
  type TestControlPlane,
} from "@fleetwire/control-plane/src/testing/start-test-control-plane.ts";
import { disconnectPrisma } from "@fleetwire/db";
import { SAMPLE_TELEMETRY_SCHEMA, seedDevice, seedOperator, uniqueSuffix } from "@fleetwire/db/testing";
import { makeSelfSignedCertificate } from "@fleetwire/registry/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

/** fleetctl as a user runs it: a subprocess against a real control plane, with its own HOME. */
const MAIN = path.join(path.dirname(fileURLToPath(import.meta.url)), "main.ts");

let cp: TestControlPlane;
let home: string;

async function fleetctl(args: string[], options: { stdin?: string; env?: Record<string, string> } = {}) {
  const child = spawn(process.execPath, ["--import", "tsx", MAIN, ...args], {
    env: {
      PATH: process.env.PATH ?? "",
      HOME: home,
      FLEETWIRE_PROFILE: "test",
      FLEETWIRE_CONTROL_PLANE_URL: cp.url,
      ...options.env,
    },
    stdio: ["pipe", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (chunk) => {
    stdout += chunk;
  });
  child.stderr.on("data", (chunk) => {
    stderr += chunk;
  });
  child.stdin.end(options.stdin ?? "");
  const code = await new Promise<number | null>((resolve) => child.on("close", resolve));
  return { code, stdout, stderr };
}

beforeAll(async () => {
  cp = await startTestControlPlane();
  home = await mkdtemp(path.join(tmpdir(), "fleetctl-home-"));
});

afterAll(async () => {
  await cp?.close();
  await disconnectPrisma();
  if (home) await rm(home, { recursive: true, force: true });
});

describe("fleetctl against a running control plane", () => {
  it("refuses API commands before login with one line and a non-zero exit", async () => {
    const result = await fleetctl(["fleets", "list"]);
    expect(result).toMatchObject({ code: 1, stderr: "fleetctl: not signed in: run pnpm fleetctl login\n" });
    const bogus = await fleetctl(["fleets", "list"], { env: { FLEETWIRE_TOKEN: "fwt_revoked-or-made-up" } });
    expect(bogus).toMatchObject({ code: 1, stderr: "fleetctl: not signed in: run pnpm fleetctl login\n" });
  });

  // Each fleetctl subprocess starts tsx afresh: 3 s on an idle machine, far more under load.
  it("logs in, creates a token, a fleet, a model, trusts a CA and lists devices", { timeout: 420_000 }, async () => {
    const operator = await seedOperator(cp.prisma, "operator", { organisationId: cp.organisation.id });

    const wrong = await fleetctl(["login", "--email", operator.email, "--password-stdin"], { stdin: "nope\n" });
    expect(wrong).toMatchObject({ code: 1, stderr: "fleetctl: sign-in refused: wrong email or password\n" });

    const login = await fleetctl(["login", "--email", operator.email, "--password-stdin", "--json"], {
      stdin: `${operator.password}\n`,
    });
    expect(login.stderr).toBe("");
    expect(JSON.parse(login.stdout)).toMatchObject({
      url: cp.url,
      operator: { email: operator.email, role: "operator" },
    });
    const credentials = path.join(home, ".config", "fleetwire", "credentials.json");
    expect((await stat(credentials)).mode & 0o777).toBe(0o600);

    const token = await fleetctl(["token", "create", "--name", "ci", "--expires-days", "7", "--json"]);
    const created = JSON.parse(token.stdout) as { id: string; token: string };
    expect(created.token).toMatch(/^fwt_/);
    // The new token works on its own (FLEETWIRE_TOKEN overrides the session).
    const tokens = await fleetctl(["token", "list"], { env: { FLEETWIRE_TOKEN: created.token } });
    expect(tokens.code).toBe(0);
    expect(tokens.stdout).toMatch(new RegExp(`^${created.id}\\s+ci\\s+fwt_`, "m"));

    const slug = `cli-${uniqueSuffix()}`;
    const fleet = await fleetctl(["fleets", "create", "--name", "CLI fleet", "--slug", slug, "--json"]);
    expect(JSON.parse(fleet.stdout)).toMatchObject({ slug, name: "CLI fleet" });
    const fleets = await fleetctl(["fleets", "list"]);
    expect(fleets.stdout.split("\n")[0]).toMatch(/^SLUG\s+NAME\s+DEVICES/);
    expect(fleets.stdout).toContain(slug);

    const schemaFile = path.join(home, "schema.json");
    await writeFile(schemaFile, JSON.stringify(SAMPLE_TELEMETRY_SCHEMA));
    const modelName = `cli-model-${uniqueSuffix()}`;
    const model = await fleetctl([
      "models",
      "create",
      "--name",
      modelName,
      "--schema-file",
      schemaFile,
      "--fleet",
      slug,
      "--json",
    ]);
    expect(JSON.parse(model.stdout)).toMatchObject({ name: modelName, schemaVersion: 1, defaultFleet: { slug } });

    const badSchema = path.join(home, "bad-schema.json");
    await writeFile(badSchema, JSON.stringify({ type: "object", properties: { t: { type: "nummber" } } }));
    const refused = await fleetctl(["models", "create", "--name", `${modelName}-2`, "--schema-file", badSchema]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(
      /^fleetctl: telemetrySchema is not a valid JSON Schema \(draft 2020-12\): \/properties\/t\/type must be equal to one of the allowed values/,
    );
    expect(refused.stderr.trim().split("\n")).toHaveLength(1);

    const pemFile = path.join(home, "ca.pem");
    await writeFile(pemFile, await makeSelfSignedCertificate({ commonName: "CLI Manufacturer CA" }));
    const trusted = await fleetctl(["ca", "trust", "--pem-file", pemFile, "--model", modelName]);
    expect(trusted).toMatchObject({ code: 0 });
    expect(trusted.stdout).toMatch(/^trusted CN=CLI Manufacturer CA, O=Fleetwire Tests for model /);

    const device = await seedDevice(cp.prisma, {
      fleetId: JSON.parse(fleet.stdout).id,
      modelId: JSON.parse(model.stdout).id,
      online: true,
      attributes: { name: "Pump 7" },
    });
    const devices = await fleetctl(["devices", "list", "--fleet", slug, "--status", "online", "--json"]);
    expect(devices.code).toBe(0);
    expect(JSON.parse(devices.stdout)).toMatchObject({
      items: [{ id: device.id, name: "Pump 7", online: true, fleet: { slug }, model: { name: modelName } }],
      nextCursor: null,
    });
    const table = await fleetctl(["devices", "list", "--search", "pump 7"]);
    expect(table.stdout).toMatch(
      new RegExp(`^${device.id}\\s+Pump 7\\s+${slug}\\s+${modelName}\\s+1\\.0\\.0\\s+registered\\s+yes`, "m"),
    );

    // An operator may not read the audit log; the CLI says so in one line.
    const audit = await fleetctl(["audit", "list", "--since", "1h"]);
    expect(audit).toMatchObject({
      code: 1,
      stderr: "fleetctl: permission denied: the operator role may not do this (audit:read)\n",
    });

    const logout = await fleetctl(["logout"]);
    expect(logout.stdout).toBe(`signed out of ${cp.url}\n`);
    expect((await fleetctl(["fleets", "list"])).stderr).toBe("fleetctl: not signed in: run pnpm fleetctl login\n");
  });
});
