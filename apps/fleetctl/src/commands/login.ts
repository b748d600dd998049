import { fetch } from "undici";
import { NOT_SIGNED_IN } from "../api-client.ts";
import { parseFlags } from "../args.ts";
import { CliError, printJson } from "../cli.ts";
import { removeSession, saveSession } from "../credentials.ts";
import { loadFleetctlEnv } from "../env.ts";
import { promptHidden, promptLine, readStdin } from "../prompt.ts";

const LOGIN_USAGE = "login [--email E] [--password-stdin] [--json]";

type SessionResponse = {
  operator: { email: string; role: string };
  token: string;
  expiresAt: string | null;
  error?: { message: string };
};

/** `fleetctl login`: signs in with email and password and keeps the session token for this control plane. */
export async function runLogin(args: string[], json: boolean): Promise<number> {
  const env = loadFleetctlEnv();
  const { values } = parseFlags(
    args,
    { email: { type: "string" }, "password-stdin": { type: "boolean" } },
    LOGIN_USAGE,
  );
  let email = values.email;
  let password: string;
  if (values["password-stdin"]) {
    if (!email) throw new CliError(`--password-stdin needs --email\nusage: ${LOGIN_USAGE}`, 2);
    password = await readStdin();
  } else if (env.stdinIsTty) {
    email ??= (await promptLine("email: ")).trim();
    password = await promptHidden("password: ");
  } else {
    throw new CliError(`not a terminal: pass --email and --password-stdin\nusage: ${LOGIN_USAGE}`, 2);
  }
  if (!email || !password) throw new CliError("email and password are required", 2);

  const url = env.controlPlaneUrl;
  let response: Awaited<ReturnType<typeof fetch>>;
  try {
    response = await fetch(`${url}/api/auth/session`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ email, password }),
    });
  } catch (error) {
    const cause = (error as { cause?: { code?: string } }).cause;
    throw new CliError(`cannot reach the control plane at ${url}: ${cause?.code ?? (error as Error).message}`);
  }
  const body = (await response.json().catch(() => ({}))) as SessionResponse;
  if (response.status === 401) throw new CliError("sign-in refused: wrong email or password");
  if (response.status !== 201) {
    throw new CliError(`sign-in failed (HTTP ${response.status}): ${body.error?.message ?? "no details"}`);
  }
  await saveSession(env.credentialsPath, url, {
    token: body.token,
    email: body.operator.email,
    role: body.operator.role,
    expiresAt: body.expiresAt,
    savedAt: new Date().toISOString(),
  });
  if (json) printJson({ url, operator: body.operator, expiresAt: body.expiresAt });
  else {
    process.stdout.write(
      `signed in to ${url} as ${body.operator.email} (${body.operator.role}); session expires ${body.expiresAt ?? "never"}\n`,
    );
  }
  return 0;
}

/** `fleetctl logout`: forgets this control plane's session on this machine. */
export async function runLogout(args: string[], json: boolean): Promise<number> {
  const env = loadFleetctlEnv();
  parseFlags(args, {}, "logout [--json]");
  const removed = await removeSession(env.credentialsPath, env.controlPlaneUrl);
  if (json) printJson({ url: env.controlPlaneUrl, signedOut: removed });
  else
    process.stdout.write(
      removed ? `signed out of ${env.controlPlaneUrl}\n` : `${NOT_SIGNED_IN.split(":")[0]} at ${env.controlPlaneUrl}\n`,
    );
  return 0;
}
