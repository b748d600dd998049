import Link from "next/link";
import table from "@/components/ui/table.module.css";
import { TimeAgo } from "@/components/ui/time-ago.tsx";
import type { RouterOutputs } from "@/lib/trpc/router-types.ts";

type Model = RouterOutputs["models"]["list"][number];

export function ModelsTable({ models }: { models: Model[] }) {
  return (
    <div className={table.wrap}>
      <table className={table.table}>
        <thead>
          <tr>
            <th>Model</th>
            <th>Default fleet</th>
            <th>Schema</th>
            <th>Devices</th>
            <th>Trusted CAs</th>
            <th>Updated</th>
          </tr>
        </thead>
        <tbody>
          {models.map((model) => (
            <tr key={model.id}>
              <td>
                <Link className={table.strong} href={`/models/${model.id}`}>
                  {model.name}
                </Link>
                {model.description ? <div className={table.muted}>{model.description}</div> : null}
              </td>
              <td>{model.defaultFleet ? model.defaultFleet.name : <span className={table.muted}>none</span>}</td>
              <td>v{model.schemaVersion}</td>
              <td>{model.deviceCount}</td>
              <td>{model.trustedCaCount}</td>
              <td className={table.muted}>
                <TimeAgo value={model.updatedAt} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
