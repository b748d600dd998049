"use client";

import { useQuery } from "@tanstack/react-query";
import { CodeDiff } from "@/components/editor/code-diff.tsx";
import { Dialog } from "@/components/ui/dialog.tsx";
import { QueryView } from "@/components/ui/query-view.tsx";
import { useTRPC } from "@/lib/trpc/trpc-context.ts";

const pretty = (document: unknown) => `${JSON.stringify(document, null, 2)}\n`;

/** Version `from` against version `to` of a rule, side by side. */
export function RuleDiffDialog({
  ruleId,
  from,
  to,
  onClose,
}: {
  ruleId: string;
  from: number;
  to: number;
  onClose: () => void;
}) {
  const trpc = useTRPC();
  const diff = useQuery(trpc.rules.diff.queryOptions({ ruleId, from, to }));
  return (
    <Dialog open wide onClose={onClose} title={`Version ${from} → version ${to}`}>
      <QueryView query={diff} what="the versions">
        {(d) => <CodeDiff original={pretty(d.from.document)} modified={pretty(d.to.document)} />}
      </QueryView>
    </Dialog>
  );
}
