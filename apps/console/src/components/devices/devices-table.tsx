import Link from "next/link";
import table from "@/components/ui/table.module.css";
import { TimeAgo } from "@/components/ui/time-ago.tsx";
import type { RouterOutputs } from "@/lib/trpc/router-types.ts";
import { DeviceStatusBadge } from "./device-status-badge.tsx";

type Device = RouterOutputs["devices"]["list"]["items"][number];

export function DevicesTable({ devices }: { devices: Device[] }) {
  return (
    <div className={table.wrap}>
      <table className={table.table}>
        <thead>
          <tr>
            <th>Device</th>
            <th>Status</th>
            <th>Fleet</th>
            <th>Model</th>
            <th>Firmware</th>
            <th>Last seen</th>
          </tr>
        </thead>
        <tbody>
          {devices.map((device) => (
            <tr key={device.id}>
              <td>
                <Link className={table.strong} href={`/devices/${encodeURIComponent(device.id)}`}>
                  {device.name ?? device.id}
                </Link>
                {device.name ? <div className={`${table.mono} ${table.muted}`}>{device.id}</div> : null}
              </td>
              <td>
                <DeviceStatusBadge status={device.status} online={device.online} />
              </td>
              <td>{device.fleet.name}</td>
              <td>{device.model?.name ?? <span className={table.muted}>—</span>}</td>
              <td className={table.mono}>{device.firmwareVersion ?? "—"}</td>
              <td className={table.muted}>
                <TimeAgo value={device.lastSeenAt} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
