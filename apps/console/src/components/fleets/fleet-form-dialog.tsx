"use client";

import { ZCreateFleetRequest } from "@fleetwire/registry/schemas";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { Button } from "@/components/ui/button.tsx";
import { Dialog } from "@/components/ui/dialog.tsx";
import { Field } from "@/components/ui/field.tsx";
import { FormError } from "@/components/ui/form-error.tsx";
import type { RouterOutputs } from "@/lib/trpc/router-types.ts";
import { useTRPC } from "@/lib/trpc/trpc-context.ts";

type Fleet = RouterOutputs["fleets"]["get"];
type Props = { open: boolean; onClose: () => void; fleet?: Fleet; onSaved?: (fleet: Fleet) => void };

const slugify = (name: string) =>
  name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 63);

/** Creates a fleet, or edits one when `fleet` is given; validates with the API's own schema first. */
export function FleetFormDialog({ open, onClose, fleet, onSaved }: Props) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [name, setName] = useState(fleet?.name ?? "");
  const [slug, setSlug] = useState(fleet?.slug ?? "");
  const [slugEdited, setSlugEdited] = useState(Boolean(fleet));
  const [description, setDescription] = useState(fleet?.description ?? "");
  const [localError, setLocalError] = useState<string | null>(null);
  const onSuccess = async (saved: Fleet) => {
    await queryClient.invalidateQueries({ queryKey: trpc.fleets.pathKey() });
    onSaved?.(saved);
    onClose();
  };
  const create = useMutation(trpc.fleets.create.mutationOptions({ onSuccess }));
  const update = useMutation(trpc.fleets.update.mutationOptions({ onSuccess }));
  const mutation = fleet ? update : create;

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    const input = { name, slug, description: description.trim() || undefined };
    const parsed = ZCreateFleetRequest.safeParse(input);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      setLocalError(`${String(issue?.path[0] ?? "")}: ${issue?.message ?? "invalid"}`);
      return;
    }
    setLocalError(null);
    if (fleet) update.mutate({ fleetId: fleet.id, ...parsed.data, description: parsed.data.description ?? null });
    else create.mutate(parsed.data);
  }

  return (
    <Dialog
      open={open}
      onClose={onClose}
      title={fleet ? "Edit fleet" : "New fleet"}
      footer={
        <>
          <Button variant="secondary" onClick={onClose}>
            Cancel
          </Button>
          <Button type="submit" form="fleet-form" disabled={mutation.isPending}>
            {mutation.isPending ? "Saving…" : fleet ? "Save changes" : "Create fleet"}
          </Button>
        </>
      }
    >
      <form id="fleet-form" onSubmit={onSubmit} style={{ display: "contents" }}>
        <FormError error={localError ?? mutation.error} />
        <Field label="Name">
          <input
            name="name"
            value={name}
            required
            maxLength={120}
            onChange={(e) => {
              setName(e.target.value);
              if (!slugEdited) setSlug(slugify(e.target.value));
            }}
          />
        </Field>
        <Field label="Slug" hint="Lower-case letters, digits and hyphens; used in topics and URLs.">
          <input
            name="slug"
            value={slug}
            required
            maxLength={63}
            onChange={(e) => {
              setSlugEdited(true);
              setSlug(e.target.value);
            }}
          />
        </Field>
        <Field label="Description">
          <textarea name="description" rows={3} value={description} onChange={(e) => setDescription(e.target.value)} />
        </Field>
      </form>
    </Dialog>
  );
}
