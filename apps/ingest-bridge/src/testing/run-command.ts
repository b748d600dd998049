import { spawn } from "node:child_process";

export interface CommandResult {
  code: number | null;
  out: string;
}

/** Runs an external client (mosquitto_pub, curl, coap-client, kcat) and collects its output. */
export function runCommand(command: string, args: string[], input?: string | Buffer): Promise<CommandResult> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { stdio: ["pipe", "pipe", "pipe"] });
    let out = "";
    child.stdout.on("data", (d) => (out += d));
    child.stderr.on("data", (d) => (out += d));
    child.on("close", (code) => resolve({ code, out }));
    child.stdin.on("error", () => {}); // the command may exit before reading its input
    child.stdin.end(input ?? "");
  });
}
