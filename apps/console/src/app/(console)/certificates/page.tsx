import type { Metadata } from "next";
import { EmptyState } from "@/components/ui/empty-state.tsx";
import { PageHeader } from "@/components/ui/page-header.tsx";

export const metadata: Metadata = { title: "Certificates" };

export default function CertificatesPage() {
  return (
    <>
      <PageHeader title="Certificates" description="Device certificates, revocations and the CRL." />
      <EmptyState title="Nothing here yet">This section arrives with the console's next release.</EmptyState>
    </>
  );
}
