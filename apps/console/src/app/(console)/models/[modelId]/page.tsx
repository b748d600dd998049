import type { Metadata } from "next";
import { ModelDetail } from "@/components/models/model-detail.tsx";

export const metadata: Metadata = { title: "Model" };

export default async function Page({ params }: { params: Promise<{ modelId: string }> }) {
  return <ModelDetail modelId={(await params).modelId} />;
}
