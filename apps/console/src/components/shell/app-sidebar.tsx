"use client";

import { can } from "@fleetwire/access/permissions";
import Link from "next/link";
import { usePathname } from "next/navigation";
import { useOperator } from "@/components/session/operator-provider.tsx";
import styles from "./app-sidebar.module.css";
import { NAV_ITEMS } from "./nav-items.ts";

function isActive(pathname: string, href: string) {
  return href === "/" ? pathname === "/" : pathname === href || pathname.startsWith(`${href}/`);
}

export function AppSidebar() {
  const pathname = usePathname();
  const { role } = useOperator();
  const items = NAV_ITEMS.filter((item) => can(role, item.permission));
  return (
    <aside className={styles.sidebar}>
      <div className={styles.brand}>
        <span className={styles.logo} aria-hidden="true">
          F
        </span>
        <span className={styles.brandName}>Fleetwire</span>
      </div>
      <nav aria-label="Main">
        <ul className={styles.list}>
          {items.map((item) => (
            <li key={item.href}>
              <Link
                href={item.href}
                className={isActive(pathname, item.href) ? `${styles.link} ${styles.active}` : styles.link}
                aria-current={isActive(pathname, item.href) ? "page" : undefined}
              >
                {item.label}
              </Link>
            </li>
          ))}
        </ul>
      </nav>
    </aside>
  );
}
