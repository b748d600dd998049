import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { SignInForm } from "@/components/signin/signin-form.tsx";
import styles from "@/components/signin/signin-page.module.css";
import { getConsoleEnv } from "@/env.ts";
import { safeCallbackPath } from "@/lib/safe-callback-path.ts";
import { getOperatorSession } from "@/server/get-operator-session.ts";

export const metadata: Metadata = { title: "Sign in" };

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

const first = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value);

export default async function SignInPage({ searchParams }: Props) {
  const params = await searchParams;
  const callbackPath = safeCallbackPath(first(params.callbackUrl));
  if (await getOperatorSession()) redirect(callbackPath);
  const oidc = getConsoleEnv().oidc;
  return (
    <div className={styles.page}>
      <div className={styles.panel}>
        <div className={styles.brand}>
          <span className={styles.logo} aria-hidden="true">
            F
          </span>
          <span>Fleetwire</span>
        </div>
        <h1 className={styles.heading}>Sign in to Fleetwire</h1>
        <p className={styles.subheading}>Operator console for your device fleets.</p>
        <SignInForm callbackPath={callbackPath} initialError={first(params.error)} oidcName={oidc?.name} />
      </div>
    </div>
  );
}
