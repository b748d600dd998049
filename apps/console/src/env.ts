import { randomBytes } from "node:crypto";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { ConfigError, loadPlatformConfig } from "@fleetwire/config";
import { z } from "zod";

/**
 * The console's settings: the platform's (control-plane URL, console port) plus its own
 * sign-in settings, validated once. Nothing else in the console reads process.env.
 */
const ZConsoleEnv = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  NEXTAUTH_SECRET: z.string().min(32, "at least 32 characters, e.g. from `openssl rand -hex 32`").optional(),
  NEXTAUTH_URL: z.url().optional(),
  FLEETWIRE_OIDC_ISSUER: z.url().optional(),
  FLEETWIRE_OIDC_CLIENT_ID: z.string().min(1).optional(),
  FLEETWIRE_OIDC_CLIENT_SECRET: z.string().min(1).optional(),
  FLEETWIRE_OIDC_NAME: z.string().min(1).default("Single sign-on"),
  FLEETWIRE_OIDC_ROLE_CLAIM: z.string().min(1).default("fleetwire_role"),
});

function parseConsoleEnv(env: NodeJS.ProcessEnv) {
  const parsed = ZConsoleEnv.safeParse(env);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new ConfigError(String(issue?.path[0] ?? "environment"), issue?.message ?? "invalid");
  }
  return parsed.data;
}

function loadOidc(e: z.infer<typeof ZConsoleEnv>) {
  const set = [e.FLEETWIRE_OIDC_ISSUER, e.FLEETWIRE_OIDC_CLIENT_ID, e.FLEETWIRE_OIDC_CLIENT_SECRET];
  if (set.every((v) => v === undefined)) return undefined;
  if (!e.FLEETWIRE_OIDC_ISSUER || !e.FLEETWIRE_OIDC_CLIENT_ID || !e.FLEETWIRE_OIDC_CLIENT_SECRET) {
    throw new ConfigError(
      "FLEETWIRE_OIDC_ISSUER",
      "OIDC needs FLEETWIRE_OIDC_ISSUER, FLEETWIRE_OIDC_CLIENT_ID and FLEETWIRE_OIDC_CLIENT_SECRET together",
    );
  }
  return {
    issuer: e.FLEETWIRE_OIDC_ISSUER,
    clientId: e.FLEETWIRE_OIDC_CLIENT_ID,
    clientSecret: e.FLEETWIRE_OIDC_CLIENT_SECRET,
    name: e.FLEETWIRE_OIDC_NAME,
    roleClaim: e.FLEETWIRE_OIDC_ROLE_CLAIM,
  };
}

/**
 * A local secret kept in the state folder, so sessions survive restarts of a developer's
 * platform. Production sets NEXTAUTH_SECRET and never reaches this.
 */
export function ensureDevAuthSecret(stateDir: string): string {
  const file = path.join(stateDir, "console", "nextauth-secret");
  try {
    const existing = readFileSync(file, "utf8").trim();
    if (existing.length >= 32) return existing;
  } catch {
    // absent: generate below
  }
  mkdirSync(path.dirname(file), { recursive: true });
  const secret = randomBytes(32).toString("hex");
  writeFileSync(file, `${secret}\n`, { mode: 0o600 });
  return secret;
}

const isLoopbackHost = (host: string) => host === "localhost" || host === "::1" || host.startsWith("127.");

export function loadConsoleEnv(env: NodeJS.ProcessEnv = process.env) {
  const platform = loadPlatformConfig(env);
  const e = parseConsoleEnv(env);
  let authSecret = e.NEXTAUTH_SECRET;
  if (!authSecret) {
    // A console others can reach (a deployment) must be given its secret, so every replica
    // shares it; one on loopback (a developer's or CI's platform) keeps its own in the state folder.
    if (e.NODE_ENV === "production" && !isLoopbackHost(platform.host)) {
      throw new ConfigError("NEXTAUTH_SECRET", `required when the console serves ${platform.host}`);
    }
    authSecret = ensureDevAuthSecret(platform.stateDir);
  }
  return {
    profile: platform.profile,
    stateDir: platform.stateDir,
    port: platform.ports.console,
    host: platform.host,
    consoleUrl: e.NEXTAUTH_URL ?? platform.urls.console,
    controlPlaneUrl: platform.urls.controlPlane,
    admin: platform.admin,
    authSecret,
    oidc: loadOidc(e),
  };
}

export type ConsoleEnv = ReturnType<typeof loadConsoleEnv>;

let cached: ConsoleEnv | undefined;

/** The console's settings for server code; next-auth reads NEXTAUTH_URL itself, so it is set here. */
export function getConsoleEnv(): ConsoleEnv {
  if (!cached) {
    cached = loadConsoleEnv();
    process.env.NEXTAUTH_URL ??= cached.consoleUrl;
  }
  return cached;
}

/** At server start: a wrong setting stops the console with one line naming it, not a stack trace. */
export function validateConsoleEnvOrExit(): void {
  try {
    getConsoleEnv();
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(`console: invalid setting ${error.message}\n`);
    process.exit(1);
  }
}
