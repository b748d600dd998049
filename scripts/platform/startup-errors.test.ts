import { spawn, spawnSync } from "node:child_process";
import net from "node:net";
import path from "node:path";
import { loadPlatformConfig, REPO_ROOT } from "@fleetwire/config";
import { describe, expect, it } from "vitest";

const TSX = path.join(REPO_ROOT, "node_modules/.bin/tsx");

/** Runs an entry point with one bad setting and returns what a person would see. */
function runWith(entry: string, env: Record<string, string>) {
  const result = spawnSync(TSX, [path.join(REPO_ROOT, entry)], {
    cwd: REPO_ROOT,
    env: { ...process.env, FLEETWIRE_PROFILE: "test", FLEETWIRE_PORT_OFFSET: "40000", ...env },
    encoding: "utf8",
    timeout: 60_000,
  });
  return { code: result.status, stderr: result.stderr.trim() };
}

describe("a wrong setting stops a service with one line naming it", { timeout: 90_000 }, () => {
  it("control plane: unreachable database", () => {
    const { code, stderr } = runWith("apps/control-plane/src/main.ts", {
      FLEETWIRE_DATABASE_URL: "postgresql://postgres@127.0.0.1:1/nowhere",
    });
    expect(code).toBe(1);
    expect(stderr.split("\n")).toHaveLength(1);
    expect(stderr).toMatch(
      /^control-plane: FLEETWIRE_DATABASE_URL: cannot reach postgresql:\/\/postgres@127\.0\.0\.1:1\/nowhere/,
    );
    expect(stderr).not.toMatch(/\bat .*\.ts:\d+/);
  });

  it("control plane: a malformed URL", () => {
    const { code, stderr } = runWith("apps/control-plane/src/main.ts", { FLEETWIRE_DATABASE_URL: "not a url" });
    expect(code).toBe(1);
    expect(stderr).toBe("control-plane: FLEETWIRE_DATABASE_URL: Invalid URL");
  });

  it("pnpm start's orchestrator: a port that is not a number", () => {
    const { code, stderr } = runWith("scripts/platform/start.ts", { FLEETWIRE_CONTROL_PLANE_PORT: "http" });
    expect(code).toBe(1);
    expect(stderr.split("\n")).toHaveLength(1);
    expect(stderr).toMatch(/^fleetwire: FLEETWIRE_CONTROL_PLANE_PORT: /);
  });

  it("pnpm start's orchestrator: a port another program holds, before anything is started", async () => {
    // Another platform's console (or anything else) on this one's console port.
    const env = { ...process.env, FLEETWIRE_PROFILE: "test", FLEETWIRE_PORT_OFFSET: "40000" };
    const consolePort = loadPlatformConfig(env).ports.console;
    const squatter = net.createServer();
    await new Promise<void>((resolve) => squatter.listen(consolePort, "127.0.0.1", resolve));
    try {
      const { code, stderr } = await new Promise<{ code: number | null; stderr: string }>((resolve) => {
        const child = spawn(TSX, [path.join(REPO_ROOT, "scripts/platform/start.ts")], { cwd: REPO_ROOT, env });
        // Had the check let it through, the platform would be starting: stop it rather than leak it.
        const guard = setTimeout(() => child.kill("SIGINT"), 60_000);
        let err = "";
        child.stderr.on("data", (d) => (err += d));
        child.on("exit", (status) => {
          clearTimeout(guard);
          resolve({ code: status, stderr: err.trim() });
        });
      });
      expect(code).toBe(1);
      expect(stderr.split("\n")).toHaveLength(1);
      // The other ports of this offset lie in Linux's ephemeral range, so an outgoing connection
      // elsewhere may hold one of them at that moment (a CI run saw 44444, ingestHttps, listed
      // too): the line must name the console port, and may name others beside it.
      const busy = String.raw`\d+ \(\w+\)`;
      expect(stderr).toMatch(
        new RegExp(
          `^fleetwire: ports already in use: (${busy}, )*${consolePort} \\(console\\)(, ${busy})*\\. ` +
            "Another Fleetwire platform or another program holds them: stop it, or move this platform with " +
            "FLEETWIRE_PORT_OFFSET$",
        ),
      );
    } finally {
      squatter.close();
    }
  });

  it("pnpm start's orchestrator: unreachable database, before anything is started", () => {
    const { code, stderr } = runWith("scripts/platform/start.ts", {
      FLEETWIRE_DATABASE_URL: "postgresql://postgres@127.0.0.1:1/nowhere",
    });
    expect(code).toBe(1);
    expect(stderr.split("\n")).toHaveLength(1);
    expect(stderr).toMatch(/^fleetwire: FLEETWIRE_DATABASE_URL: cannot reach/);
  });
});
