"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { Button } from "@/components/ui/button.tsx";
import { Dialog } from "@/components/ui/dialog.tsx";
import { FormError } from "@/components/ui/form-error.tsx";
import { useTRPC } from "@/lib/trpc/trpc-context.ts";

/** Stops trusting a CA after a confirmation; devices already provisioned keep their certificates. */
export function RemoveCaButton({ caId, name }: { caId: string; name: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [confirming, setConfirming] = useState(false);
  const remove = useMutation(
    trpc.manufacturerCas.remove.mutationOptions({
      onSuccess: async () => {
        await queryClient.invalidateQueries({ queryKey: trpc.manufacturerCas.pathKey() });
        await queryClient.invalidateQueries({ queryKey: trpc.models.pathKey() });
        setConfirming(false);
      },
    }),
  );
  return (
    <>
      <Button variant="dangerOutline" size="small" onClick={() => setConfirming(true)}>
        Remove
      </Button>
      <Dialog
        open={confirming}
        onClose={() => setConfirming(false)}
        title="Stop trusting this CA?"
        footer={
          <>
            <Button variant="secondary" onClick={() => setConfirming(false)}>
              Cancel
            </Button>
            <Button variant="danger" onClick={() => remove.mutate({ caId })} disabled={remove.isPending}>
              {remove.isPending ? "Removing…" : "Remove CA"}
            </Button>
          </>
        }
      >
        <FormError error={remove.error} />
        <p>
          New devices with bootstrap certificates from <strong>{name}</strong> will be refused. Devices already
          provisioned keep their operational certificates.
        </p>
      </Dialog>
    </>
  );
}
