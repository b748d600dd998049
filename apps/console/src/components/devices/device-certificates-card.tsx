"use client";

import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { useCan } from "@/components/session/use-can.ts";
import { Button } from "@/components/ui/button.tsx";
import { Card } from "@/components/ui/card.tsx";
import { EmptyState } from "@/components/ui/empty-state.tsx";
import { QueryView } from "@/components/ui/query-view.tsx";
import { StatusBadge } from "@/components/ui/status-badge.tsx";
import table from "@/components/ui/table.module.css";
import { formatDateTime } from "@/lib/format-time.ts";
import { useTRPC } from "@/lib/trpc/trpc-context.ts";
import { revocationReasonLabel } from "./revocation-reasons.ts";
import { RevokeCertificateDialog } from "./revoke-certificate-dialog.tsx";

const TONES = { valid: "ok", revoked: "danger", expired: "warn" } as const;

/** The device's certificates with who revoked them, when and why; revoke for roles that may. */
export function DeviceCertificatesCard({ deviceId }: { deviceId: string }) {
  const trpc = useTRPC();
  const canRevoke = useCan("certificate:revoke");
  const [revoking, setRevoking] = useState<string | null>(null);
  const query = useQuery(trpc.certificates.list.queryOptions({ deviceId }));
  return (
    <Card title="Certificates">
      <QueryView
        query={query}
        what="certificates"
        isEmpty={(certs) => certs.length === 0}
        empty={<EmptyState title="No certificates">This device authenticates with a pre-shared key only.</EmptyState>}
      >
        {(certs) => (
          <table className={table.table}>
            <thead>
              <tr>
                <th>Serial</th>
                <th>Status</th>
                <th>Issued</th>
                <th>Expires</th>
                <th>Revocation</th>
                {canRevoke ? <th /> : null}
              </tr>
            </thead>
            <tbody>
              {certs.map((cert) => (
                <tr key={cert.serial}>
                  <td className={table.mono}>{cert.serial}</td>
                  <td>
                    <StatusBadge tone={TONES[cert.status as keyof typeof TONES] ?? "neutral"}>
                      {cert.status}
                    </StatusBadge>
                  </td>
                  <td>{formatDateTime(cert.issuedAt)}</td>
                  <td>{formatDateTime(cert.expiresAt)}</td>
                  <td>
                    {cert.revokedAt ? (
                      <>
                        <div>{revocationReasonLabel(cert.revocationReason)}</div>
                        <div className={table.muted}>
                          {formatDateTime(cert.revokedAt)} by {cert.revokedBy?.email ?? "the platform"}
                        </div>
                      </>
                    ) : (
                      <span className={table.muted}>—</span>
                    )}
                  </td>
                  {canRevoke ? (
                    <td className={table.actions}>
                      {cert.status === "valid" ? (
                        <Button variant="dangerOutline" size="small" onClick={() => setRevoking(cert.serial)}>
                          Revoke
                        </Button>
                      ) : null}
                    </td>
                  ) : null}
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </QueryView>
      {revoking ? (
        <RevokeCertificateDialog deviceId={deviceId} serial={revoking} onClose={() => setRevoking(null)} />
      ) : null}
    </Card>
  );
}
