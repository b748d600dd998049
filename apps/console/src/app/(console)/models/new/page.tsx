import type { Metadata } from "next";
import { ModelForm } from "@/components/models/model-form.tsx";
import { PageHeader } from "@/components/ui/page-header.tsx";

export const metadata: Metadata = { title: "New model" };

export default function Page() {
  return (
    <>
      <PageHeader title="New device model" description="Name it, pick its default fleet and describe its telemetry." />
      <ModelForm />
    </>
  );
}
