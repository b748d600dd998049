import { chmod, mkdir, readFile, rename, writeFile } from "node:fs/promises";
import path from "node:path";
import { z } from "zod";
import { CliError } from "./cli.ts";

/**
 * Signed-in sessions, one per control-plane URL, in ~/.config/fleetwire/credentials.json. The file
 * holds bearer tokens, so it is created 0600 in a 0700 folder and replaced atomically.
 */
const ZSession = z.object({
  token: z.string().min(1),
  email: z.string(),
  role: z.string(),
  expiresAt: z.string().nullable(),
  savedAt: z.string(),
});
export type Session = z.infer<typeof ZSession>;

const ZCredentials = z.object({ version: z.literal(1), sessions: z.record(z.string(), ZSession) });
type Credentials = z.infer<typeof ZCredentials>;

async function readCredentials(file: string): Promise<Credentials> {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return { version: 1, sessions: {} };
    throw error;
  }
  try {
    return ZCredentials.parse(JSON.parse(text));
  } catch {
    throw new CliError(`${file} is not a fleetctl credentials file: delete it and run pnpm fleetctl login`);
  }
}

async function writeCredentials(file: string, credentials: Credentials): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
  const temporary = `${file}.${process.pid}.tmp`;
  await writeFile(temporary, `${JSON.stringify(credentials, null, 2)}\n`, { mode: 0o600 });
  await chmod(temporary, 0o600);
  await rename(temporary, file);
}

export async function findSession(file: string, url: string): Promise<Session | undefined> {
  return (await readCredentials(file)).sessions[url];
}

export async function saveSession(file: string, url: string, session: Session): Promise<void> {
  const credentials = await readCredentials(file);
  credentials.sessions[url] = session;
  await writeCredentials(file, credentials);
}

/** Forgets the session for `url`; says whether there was one. */
export async function removeSession(file: string, url: string): Promise<boolean> {
  const credentials = await readCredentials(file);
  if (!credentials.sessions[url]) return false;
  delete credentials.sessions[url];
  await writeCredentials(file, credentials);
  return true;
}
