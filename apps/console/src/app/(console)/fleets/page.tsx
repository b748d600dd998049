import type { Metadata } from "next";
import { FleetsPage } from "@/components/fleets/fleets-page.tsx";

export const metadata: Metadata = { title: "Fleets" };

export default function Page() {
  return <FleetsPage />;
}
