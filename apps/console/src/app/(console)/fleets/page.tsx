import type { Metadata } from "next";
import { EmptyState } from "@/components/ui/empty-state.tsx";
import { PageHeader } from "@/components/ui/page-header.tsx";

export const metadata: Metadata = { title: "Fleets" };

export default function FleetsPage() {
  return (
    <>
      <PageHeader
        title="Fleets"
        description="Fleets group devices of one customer or site, with their routing rules."
      />
      <EmptyState title="Nothing here yet">This section arrives with the console's next release.</EmptyState>
    </>
  );
}
