"use client";

import type { RevocationReason } from "@fleetwire/identity/schemas";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { Button } from "@/components/ui/button.tsx";
import { Dialog } from "@/components/ui/dialog.tsx";
import { Field } from "@/components/ui/field.tsx";
import { FormError } from "@/components/ui/form-error.tsx";
import { useTRPC } from "@/lib/trpc/trpc-context.ts";
import { REVOCATION_REASON_LABELS } from "./revocation-reasons.ts";

type Props = { deviceId: string; serial?: string; onClose: () => void };

/**
 * Revoking cannot be undone: the reason is chosen explicitly and the person confirms by typing
 * the device id. The control plane publishes a new CRL and drops the device's live session.
 */
export function RevokeCertificateDialog({ deviceId, serial, onClose }: Props) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [reason, setReason] = useState<RevocationReason | "">("");
  const [confirmation, setConfirmation] = useState("");
  const revoke = useMutation(
    trpc.certificates.revoke.mutationOptions({
      onSuccess: async () => {
        await Promise.all([
          queryClient.invalidateQueries({ queryKey: trpc.certificates.pathKey() }),
          queryClient.invalidateQueries({ queryKey: trpc.devices.pathKey() }),
          queryClient.invalidateQueries({ queryKey: trpc.crl.pathKey() }),
          queryClient.invalidateQueries({ queryKey: trpc.audit.pathKey() }),
        ]);
        onClose();
      },
    }),
  );
  const ready = reason !== "" && confirmation === deviceId;
  return (
    <Dialog
      open
      onClose={onClose}
      title="Revoke certificate"
      footer={
        <>
          <Button variant="secondary" onClick={onClose}>
            Cancel
          </Button>
          <Button
            variant="danger"
            disabled={!ready || revoke.isPending}
            onClick={() => reason && revoke.mutate({ deviceId, serial, reason })}
          >
            {revoke.isPending ? "Revoking…" : "Revoke"}
          </Button>
        </>
      }
    >
      <FormError error={revoke.error} />
      <p>
        {serial ? (
          <>
            Certificate <code>{serial}</code> of device <strong>{deviceId}</strong> will stop working at once: the
            device is disconnected and the certificate is listed on the CRL. This cannot be undone.
          </>
        ) : (
          <>
            Every certificate of device <strong>{deviceId}</strong> will stop working at once. This cannot be undone.
          </>
        )}
      </p>
      <Field label="Reason">
        <select name="reason" value={reason} onChange={(e) => setReason(e.target.value as RevocationReason | "")}>
          <option value="">Choose a reason…</option>
          {Object.entries(REVOCATION_REASON_LABELS).map(([value, label]) => (
            <option key={value} value={value}>
              {label}
            </option>
          ))}
        </select>
      </Field>
      <Field label="Type the device id to confirm">
        <input
          name="confirmation"
          value={confirmation}
          autoComplete="off"
          onChange={(e) => setConfirmation(e.target.value)}
        />
      </Field>
    </Dialog>
  );
}
