import type { Metadata } from "next";
import { PlatformHealthPanel } from "@/components/health/platform-health-panel.tsx";
import { OverviewMetrics } from "@/components/overview/overview-metrics.tsx";
import { PageHeader } from "@/components/ui/page-header.tsx";
import stack from "@/components/ui/stack.module.css";

export const metadata: Metadata = { title: "Overview" };

export default function OverviewPage() {
  return (
    <>
      <PageHeader title="Overview" description="The platform at a glance, live." />
      <div className={stack.stack}>
        <OverviewMetrics />
        <PlatformHealthPanel />
      </div>
    </>
  );
}
