import type { Metadata } from "next";
import { EmptyState } from "@/components/ui/empty-state.tsx";
import { PageHeader } from "@/components/ui/page-header.tsx";

export const metadata: Metadata = { title: "Rules" };

export default function RulesPage() {
  return (
    <>
      <PageHeader title="Rules" description="Routing rules that decide where telemetry goes." />
      <EmptyState title="Nothing here yet">This section arrives with the console's next release.</EmptyState>
    </>
  );
}
