import type { Metadata } from "next";
import { DevicesPage } from "@/components/devices/devices-page.tsx";

export const metadata: Metadata = { title: "Devices" };

export default function Page() {
  return <DevicesPage />;
}
