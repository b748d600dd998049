"use client";

import { getSession, signIn } from "next-auth/react";
import { type FormEvent, useState } from "react";
import { Button } from "@/components/ui/button.tsx";
import { signInErrorMessage } from "@/lib/sign-in-error-message.ts";
import styles from "./signin-form.module.css";

/** Where to go after signing in: the asked-for page, else the role's home (the audit log for auditors). */
async function landingPath(callbackPath: string): Promise<string> {
  if (callbackPath !== "/") return callbackPath;
  const session = await getSession();
  return session?.operator?.role === "auditor" ? "/audit" : "/";
}

type Props = { callbackPath: string; initialError: string | undefined; oidcName: string | undefined };

export function SignInForm({ callbackPath, initialError, oidcName }: Props) {
  const [error, setError] = useState(signInErrorMessage(initialError));
  const [pending, setPending] = useState(false);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setPending(true);
    setError(null);
    const result = await signIn("credentials", {
      email: String(form.get("email") ?? ""),
      password: String(form.get("password") ?? ""),
      redirect: false,
    });
    if (result?.ok && !result.error) {
      // A full page load: the signed-in layout renders with the new session cookie, and no
      // soft navigation races a refresh (which could bounce a quick click back to this page).
      window.location.assign(await landingPath(callbackPath));
      return;
    }
    setPending(false);
    setError(signInErrorMessage(result?.error ?? "unknown"));
  }

  return (
    <form className={styles.form} onSubmit={onSubmit} noValidate={false}>
      {error ? (
        <div className={styles.error} role="alert">
          {error}
        </div>
      ) : null}
      <label className={styles.field}>
        <span>Email</span>
        <input name="email" type="email" autoComplete="username" required autoFocus />
      </label>
      <label className={styles.field}>
        <span>Password</span>
        <input name="password" type="password" autoComplete="current-password" required />
      </label>
      <Button type="submit" disabled={pending} className={styles.submit}>
        {pending ? "Signing in…" : "Sign in"}
      </Button>
      {oidcName ? (
        <>
          <div className={styles.divider}>or</div>
          <Button variant="secondary" onClick={() => signIn("oidc", { callbackUrl: callbackPath })}>
            Continue with {oidcName}
          </Button>
        </>
      ) : null}
    </form>
  );
}
