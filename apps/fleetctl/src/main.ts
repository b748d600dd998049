import { ConfigError } from "@fleetwire/config";
import { CliError, parseGlobalFlags } from "./cli.ts";
import { runAudit } from "./commands/audit.ts";
import { runBootstrap } from "./commands/bootstrap.ts";
import { runCa } from "./commands/ca.ts";
import { runCrl } from "./commands/crl.ts";
import { runDevices } from "./commands/devices.ts";
import { runFleets } from "./commands/fleets.ts";
import { runLogin, runLogout } from "./commands/login.ts";
import { runModels } from "./commands/models.ts";
import { runProvision } from "./commands/provision.ts";
import { runPsk } from "./commands/psk.ts";
import { runRevoke } from "./commands/revoke.ts";
import { runStatus } from "./commands/status.ts";
import { runToken } from "./commands/token.ts";

const COMMANDS: Record<string, { summary: string; run: (args: string[], json: boolean) => Promise<number> }> = {
  status: { summary: "health of every service and every endpoint devices and operators use", run: runStatus },
  login: { summary: "sign in to the control plane (--email, --password-stdin) and keep the session", run: runLogin },
  logout: { summary: "forget the session for this control plane", run: runLogout },
  token: { summary: "API tokens for automation: create, list, revoke", run: runToken },
  fleets: { summary: "fleets: create, list", run: runFleets },
  models: { summary: "device models and their telemetry schema: create, list", run: runModels },
  ca: { summary: "trusted manufacturer CAs: trust, list, remove", run: runCa },
  devices: { summary: "devices: list with filters", run: runDevices },
  audit: { summary: "the audit log: list with filters (admin, auditor)", run: runAudit },
  bootstrap: {
    summary: "bootstrap issue: a device bootstrap certificate from the TEST manufacturer CA (development only)",
    run: runBootstrap,
  },
  provision: {
    summary: "provision a device as it would itself: key + CSR here, POST /provision with mTLS",
    run: runProvision,
  },
  revoke: {
    summary: "revoke a device's certificate(s) with an RFC 5280 reason; drops its live session",
    run: runRevoke,
  },
  psk: { summary: "device pre-shared keys: create (shown once), revoke", run: runPsk },
  crl: { summary: "crl show: the current CRL with who revoked what, when and why", run: runCrl },
};

function usage(): string {
  const lines = Object.entries(COMMANDS).map(([name, c]) => `  ${name.padEnd(12)} ${c.summary}`);
  return ["usage: pnpm fleetctl <command> [--json]", "", "commands:", ...lines].join("\n");
}

async function main(argv: string[]): Promise<number> {
  const { json, rest } = parseGlobalFlags(argv);
  const [name, ...args] = rest;
  if (!name || name === "help" || name === "--help") {
    process.stdout.write(`${usage()}\n`);
    return name ? 0 : 2;
  }
  const command = COMMANDS[name];
  if (!command) throw new CliError(`unknown command "${name}"\n\n${usage()}`, 2);
  return command.run(args, json);
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    if (error instanceof CliError || error instanceof ConfigError) {
      process.stderr.write(`fleetctl: ${error.message}\n`);
      process.exit(error instanceof CliError ? error.exitCode : 1);
    }
    process.stderr.write(`fleetctl: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);
