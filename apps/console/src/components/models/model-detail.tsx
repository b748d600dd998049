"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { ManufacturerCasPanel } from "@/components/cas/manufacturer-cas-panel.tsx";
import { PageHeader } from "@/components/ui/page-header.tsx";
import { QueryView } from "@/components/ui/query-view.tsx";
import stack from "@/components/ui/stack.module.css";
import { useTRPC } from "@/lib/trpc/trpc-context.ts";
import { ModelForm } from "./model-form.tsx";

export function ModelDetail({ modelId }: { modelId: string }) {
  const trpc = useTRPC();
  const model = useQuery(trpc.models.get.queryOptions({ modelId }));
  return (
    <QueryView query={model} what="the model">
      {(m) => (
        <>
          <PageHeader
            title={m.name}
            description={`${m.deviceCount} devices · schema version ${m.schemaVersion}`}
            actions={<Link href={`/devices?modelId=${m.id}`}>Devices of this model</Link>}
          />
          <div className={stack.stack}>
            <ModelForm key={`${m.id}:${m.updatedAt}`} model={m} />
            <ManufacturerCasPanel scope={{ modelId }} />
          </div>
        </>
      )}
    </QueryView>
  );
}
