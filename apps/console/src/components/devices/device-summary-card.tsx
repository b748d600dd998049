import Link from "next/link";
import { Card } from "@/components/ui/card.tsx";
import { DetailList } from "@/components/ui/detail-list.tsx";
import { TimeAgo } from "@/components/ui/time-ago.tsx";
import { formatDateTime } from "@/lib/format-time.ts";
import type { RouterOutputs } from "@/lib/trpc/router-types.ts";
import { DeviceAttributes } from "./device-attributes.tsx";

type Device = RouterOutputs["devices"]["get"];

export function DeviceSummaryCard({ device }: { device: Device }) {
  return (
    <Card title="Details">
      <DetailList
        items={[
          ["Device id", <code key="id">{device.id}</code>],
          [
            "Fleet",
            <Link key="f" href={`/fleets/${device.fleet.id}`}>
              {device.fleet.name}
            </Link>,
          ],
          [
            "Model",
            device.model ? (
              <Link key="m" href={`/models/${device.model.id}`}>
                {device.model.name}
              </Link>
            ) : (
              "—"
            ),
          ],
          ["Firmware", device.firmwareVersion ?? "—"],
          ["Last seen", <TimeAgo key="s" value={device.lastSeenAt} />],
          ["Provisioned", formatDateTime(device.provisionedAt)],
          ["Attributes", <DeviceAttributes key="a" attributes={device.attributes} />],
        ]}
      />
    </Card>
  );
}
