import type { Metadata } from "next";
import { EmptyState } from "@/components/ui/empty-state.tsx";
import { PageHeader } from "@/components/ui/page-header.tsx";

export const metadata: Metadata = { title: "Audit" };

export default function AuditPage() {
  return (
    <>
      <PageHeader title="Audit" description="Who did what, when: the append-only audit log." />
      <EmptyState title="Nothing here yet">This section arrives with the console's next release.</EmptyState>
    </>
  );
}
