import Link from "next/link";
import table from "@/components/ui/table.module.css";
import { TimeAgo } from "@/components/ui/time-ago.tsx";
import type { RouterOutputs } from "@/lib/trpc/router-types.ts";

type Fleet = RouterOutputs["fleets"]["list"][number];

export function FleetsTable({ fleets }: { fleets: Fleet[] }) {
  return (
    <div className={table.wrap}>
      <table className={table.table}>
        <thead>
          <tr>
            <th>Name</th>
            <th>Slug</th>
            <th>Devices</th>
            <th>Models</th>
            <th>Updated</th>
          </tr>
        </thead>
        <tbody>
          {fleets.map((fleet) => (
            <tr key={fleet.id}>
              <td>
                <Link className={table.strong} href={`/fleets/${fleet.id}`}>
                  {fleet.name}
                </Link>
                {fleet.description ? <div className={table.muted}>{fleet.description}</div> : null}
              </td>
              <td className={table.mono}>{fleet.slug}</td>
              <td>{fleet.deviceCount}</td>
              <td>{fleet.modelCount}</td>
              <td className={table.muted}>
                <TimeAgo value={fleet.updatedAt} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
