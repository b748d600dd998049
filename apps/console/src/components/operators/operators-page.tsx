"use client";

import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { Can } from "@/components/session/can.tsx";
import { Button } from "@/components/ui/button.tsx";
import { PageHeader } from "@/components/ui/page-header.tsx";
import { QueryView } from "@/components/ui/query-view.tsx";
import { useTRPC } from "@/lib/trpc/trpc-context.ts";
import { CreateOperatorDialog } from "./create-operator-dialog.tsx";
import { OperatorsTable } from "./operators-table.tsx";

export function OperatorsPage() {
  const trpc = useTRPC();
  const [creating, setCreating] = useState(false);
  const query = useQuery(trpc.operators.list.queryOptions());
  return (
    <>
      <PageHeader
        title="Operators"
        description="People who can sign in to this organisation, and their roles."
        actions={
          <Can permission="operator:write">
            <Button onClick={() => setCreating(true)}>New operator</Button>
          </Can>
        }
      />
      <QueryView query={query} what="operators" isEmpty={(o) => o.length === 0}>
        {(operators) => <OperatorsTable operators={operators} />}
      </QueryView>
      {creating ? <CreateOperatorDialog onClose={() => setCreating(false)} /> : null}
    </>
  );
}
