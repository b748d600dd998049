import type { Metadata } from "next";
import { PlatformHealthPanel } from "@/components/health/platform-health-panel.tsx";
import { PageHeader } from "@/components/ui/page-header.tsx";

export const metadata: Metadata = { title: "Overview" };

export default function OverviewPage() {
  return (
    <>
      <PageHeader title="Overview" description="The platform at a glance." />
      <PlatformHealthPanel />
    </>
  );
}
