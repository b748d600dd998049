import type { Metadata } from "next";
import { RuleEditor } from "@/components/rules/rule-editor.tsx";
import { PageHeader } from "@/components/ui/page-header.tsx";

export const metadata: Metadata = { title: "New rule" };

export default function Page() {
  return (
    <>
      <PageHeader title="New rule" description="Match messages, then route them, alert on them, enrich or drop them." />
      <RuleEditor />
    </>
  );
}
