import type { Metadata } from "next";
import { DeviceDetail } from "@/components/devices/device-detail.tsx";

export const metadata: Metadata = { title: "Device" };

export default async function Page({ params }: { params: Promise<{ deviceId: string }> }) {
  return <DeviceDetail deviceId={decodeURIComponent((await params).deviceId)} />;
}
