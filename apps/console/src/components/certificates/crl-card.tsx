"use client";

import { Button } from "@/components/ui/button.tsx";
import { Card } from "@/components/ui/card.tsx";
import { DetailList } from "@/components/ui/detail-list.tsx";
import { formatDateTime } from "@/lib/format-time.ts";
import type { RouterOutputs } from "@/lib/trpc/router-types.ts";

type Crl = RouterOutputs["crl"]["get"];

function download(pem: string, number: string | null) {
  const url = URL.createObjectURL(new Blob([pem], { type: "application/x-pem-file" }));
  const link = document.createElement("a");
  link.href = url;
  link.download = `fleetwire-crl-${number ?? "current"}.pem`;
  link.click();
  URL.revokeObjectURL(url);
}

/** The CRL the broker and the ingest endpoints enforce: its number, validity and entries. */
export function CrlCard({ crl }: { crl: Crl }) {
  return (
    <Card
      title="Certificate revocation list"
      aside={
        crl.pem ? (
          <Button variant="secondary" size="small" onClick={() => download(crl.pem, crl.number)}>
            Download PEM
          </Button>
        ) : null
      }
    >
      <DetailList
        items={[
          ["CRL number", crl.number ?? "not published yet"],
          ["This update", formatDateTime(crl.thisUpdate)],
          ["Next update", formatDateTime(crl.nextUpdate)],
          ["Revoked certificates", String(crl.entries.length)],
        ]}
      />
    </Card>
  );
}
