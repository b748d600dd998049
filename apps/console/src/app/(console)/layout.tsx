import { redirect } from "next/navigation";
import type { ReactNode } from "react";
import { QueryProvider } from "@/components/providers/query-provider.tsx";
import { OperatorProvider } from "@/components/session/operator-provider.tsx";
import { AppHeader } from "@/components/shell/app-header.tsx";
import styles from "@/components/shell/app-shell.module.css";
import { AppSidebar } from "@/components/shell/app-sidebar.tsx";
import { getOperatorSession } from "@/server/get-operator-session.ts";

// Pages depend on the session cookie: always rendered per request, never prerendered at build.
export const dynamic = "force-dynamic";

/** Every signed-in page: sidebar, header with the operator, and the page itself. */
export default async function ConsoleLayout({ children }: { children: ReactNode }) {
  // The proxy already redirects; this covers requests that reach the layout another way.
  const session = await getOperatorSession();
  if (!session) redirect("/signin");
  return (
    <QueryProvider>
      <OperatorProvider operator={session.operator}>
        <div className={styles.shell}>
          <AppSidebar />
          <div className={styles.main}>
            <AppHeader operator={session.operator} />
            <main className={styles.content}>{children}</main>
          </div>
        </div>
      </OperatorProvider>
    </QueryProvider>
  );
}
