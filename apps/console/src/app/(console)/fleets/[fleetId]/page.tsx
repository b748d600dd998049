import type { Metadata } from "next";
import { FleetDetail } from "@/components/fleets/fleet-detail.tsx";

export const metadata: Metadata = { title: "Fleet" };

export default async function Page({ params }: { params: Promise<{ fleetId: string }> }) {
  return <FleetDetail fleetId={(await params).fleetId} />;
}
