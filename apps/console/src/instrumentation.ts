/** Runs once when the Next server starts: check the console's settings before serving anything. */
export async function register() {
  const { validateConsoleEnvOrExit } = await import("./env.ts");
  validateConsoleEnvOrExit();
}
