import type { Metadata } from "next";
import { OperatorsPage } from "@/components/operators/operators-page.tsx";

export const metadata: Metadata = { title: "Operators" };

export default function Page() {
  return <OperatorsPage />;
}
