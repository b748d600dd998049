import type { Metadata } from "next";
import { EmptyState } from "@/components/ui/empty-state.tsx";
import { PageHeader } from "@/components/ui/page-header.tsx";

export const metadata: Metadata = { title: "Devices" };

export default function DevicesPage() {
  return (
    <>
      <PageHeader title="Devices" description="Every provisioned device, its status, shadow and certificates." />
      <EmptyState title="Nothing here yet">This section arrives with the console's next release.</EmptyState>
    </>
  );
}
