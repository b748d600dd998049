/** What to tell a person for each way signing in can fail (next-auth error codes and ours). */
export function signInErrorMessage(code: string | undefined | null): string | null {
  if (!code) return null;
  if (code === "CredentialsSignin") return "Wrong email or password.";
  if (code.startsWith("CONTROL_PLANE_UNAVAILABLE")) {
    return "The control plane is not answering, so the password cannot be checked. Try again shortly.";
  }
  if (code === "AccessDenied") return "Your account has no Fleetwire role. Ask an administrator for access.";
  if (code === "SessionRequired") return "Please sign in to continue.";
  return "Signing in failed. Try again.";
}
