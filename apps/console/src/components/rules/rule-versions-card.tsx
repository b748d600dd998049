"use client";

import { useState } from "react";
import { Button } from "@/components/ui/button.tsx";
import { Card } from "@/components/ui/card.tsx";
import table from "@/components/ui/table.module.css";
import { formatDateTime } from "@/lib/format-time.ts";
import type { RouterOutputs } from "@/lib/trpc/router-types.ts";
import { RuleDiffDialog } from "./rule-diff-dialog.tsx";

type Version = RouterOutputs["rules"]["get"]["versions"][number];

/** Every saved version, newest first, who saved it and why; any version diffs against the current one. */
export function RuleVersionsCard({
  ruleId,
  versions,
  current,
}: {
  ruleId: string;
  versions: Version[];
  current: number;
}) {
  const [diffFrom, setDiffFrom] = useState<number | null>(null);
  return (
    <Card title="Version history">
      <table className={table.table} aria-label="Versions">
        <thead>
          <tr>
            <th>Version</th>
            <th>Saved</th>
            <th>By</th>
            <th>Comment</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {versions.map((v) => (
            <tr key={v.version}>
              <td>
                v{v.version}
                {v.version === current ? <span className={table.muted}> (current)</span> : null}
              </td>
              <td>{formatDateTime(v.createdAt)}</td>
              <td>{v.author?.email ?? "—"}</td>
              <td>{v.comment ?? <span className={table.muted}>—</span>}</td>
              <td className={table.actions}>
                {v.version !== current ? (
                  <Button variant="secondary" size="small" onClick={() => setDiffFrom(v.version)}>
                    Diff with v{current}
                  </Button>
                ) : null}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {diffFrom !== null ? (
        <RuleDiffDialog ruleId={ruleId} from={diffFrom} to={current} onClose={() => setDiffFrom(null)} />
      ) : null}
    </Card>
  );
}
