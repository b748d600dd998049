"use client";

import { ZTrustManufacturerCaRequest } from "@fleetwire/registry/schemas";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { type ChangeEvent, type FormEvent, useState } from "react";
import { Button } from "@/components/ui/button.tsx";
import { Dialog } from "@/components/ui/dialog.tsx";
import { Field } from "@/components/ui/field.tsx";
import { FormError } from "@/components/ui/form-error.tsx";
import { useTRPC } from "@/lib/trpc/trpc-context.ts";
import type { CaScope } from "./ca-scope.ts";

/** Upload (or paste) a manufacturer's CA certificate whose devices may bootstrap into the scope. */
export function TrustCaDialog({ scope, onClose }: { scope: CaScope; onClose: () => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [name, setName] = useState("");
  const [pem, setPem] = useState("");
  const [localError, setLocalError] = useState<string | null>(null);
  const trust = useMutation(
    trpc.manufacturerCas.trust.mutationOptions({
      onSuccess: async () => {
        await queryClient.invalidateQueries({ queryKey: trpc.manufacturerCas.pathKey() });
        await queryClient.invalidateQueries({ queryKey: trpc.models.pathKey() });
        onClose();
      },
    }),
  );

  async function onFile(event: ChangeEvent<HTMLInputElement>) {
    const file = event.target.files?.[0];
    if (file) setPem(await file.text());
  }

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    const parsed = ZTrustManufacturerCaRequest.safeParse({ name: name.trim() || undefined, pem, ...scope });
    if (!parsed.success) {
      setLocalError(parsed.error.issues[0]?.message ?? "invalid");
      return;
    }
    setLocalError(null);
    trust.mutate(parsed.data);
  }

  return (
    <Dialog
      open
      onClose={onClose}
      title="Trust a manufacturer CA"
      footer={
        <>
          <Button variant="secondary" onClick={onClose}>
            Cancel
          </Button>
          <Button type="submit" form="trust-ca-form" disabled={trust.isPending}>
            {trust.isPending ? "Checking…" : "Trust CA"}
          </Button>
        </>
      }
    >
      <form id="trust-ca-form" onSubmit={onSubmit} style={{ display: "contents" }}>
        <FormError error={localError ?? trust.error} />
        <Field label="Name" hint="Optional; defaults to the certificate's common name.">
          <input name="name" value={name} maxLength={120} onChange={(e) => setName(e.target.value)} />
        </Field>
        <Field label="Certificate file (PEM)">
          <input type="file" accept=".pem,.crt,.cer,application/x-pem-file" onChange={onFile} />
        </Field>
        <Field label="Certificate (PEM)" hint="Devices presenting a bootstrap certificate from this CA may provision.">
          <textarea
            name="pem"
            rows={8}
            value={pem}
            placeholder="-----BEGIN CERTIFICATE-----"
            onChange={(e) => setPem(e.target.value)}
          />
        </Field>
      </form>
    </Dialog>
  );
}
