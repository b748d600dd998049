import type { Metadata } from "next";
import { RulesPage } from "@/components/rules/rules-page.tsx";

export const metadata: Metadata = { title: "Rules" };

export default function Page() {
  return <RulesPage />;
}
