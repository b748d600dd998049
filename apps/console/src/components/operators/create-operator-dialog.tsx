"use client";

import { ROLES, type Role } from "@fleetwire/access/permissions";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { Button } from "@/components/ui/button.tsx";
import { Dialog } from "@/components/ui/dialog.tsx";
import { Field } from "@/components/ui/field.tsx";
import { FormError } from "@/components/ui/form-error.tsx";
import { OPERATOR_ROLE_LABELS } from "@/lib/operator.schema.ts";
import { useTRPC } from "@/lib/trpc/trpc-context.ts";

export function CreateOperatorDialog({ onClose }: { onClose: () => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [email, setEmail] = useState("");
  const [displayName, setDisplayName] = useState("");
  const [role, setRole] = useState<Role>("operator");
  const [password, setPassword] = useState("");
  const create = useMutation(
    trpc.operators.create.mutationOptions({
      onSuccess: async () => {
        await queryClient.invalidateQueries({ queryKey: trpc.operators.pathKey() });
        onClose();
      },
    }),
  );
  function onSubmit(event: FormEvent) {
    event.preventDefault();
    create.mutate({ email, displayName: displayName.trim() || undefined, role, password });
  }
  return (
    <Dialog
      open
      onClose={onClose}
      title="New operator"
      footer={
        <>
          <Button variant="secondary" onClick={onClose}>
            Cancel
          </Button>
          <Button type="submit" form="operator-form" disabled={create.isPending}>
            {create.isPending ? "Creating…" : "Create operator"}
          </Button>
        </>
      }
    >
      <form id="operator-form" onSubmit={onSubmit} style={{ display: "contents" }}>
        <FormError error={create.error} />
        <Field label="Email">
          <input name="email" type="email" required value={email} onChange={(e) => setEmail(e.target.value)} />
        </Field>
        <Field label="Display name">
          <input name="displayName" value={displayName} onChange={(e) => setDisplayName(e.target.value)} />
        </Field>
        <Field label="Role" hint="Auditors read everything and the audit log; rule authors write rules.">
          <select name="role" value={role} onChange={(e) => setRole(e.target.value as Role)}>
            {ROLES.map((r) => (
              <option key={r} value={r}>
                {OPERATOR_ROLE_LABELS[r]}
              </option>
            ))}
          </select>
        </Field>
        <Field label="Initial password" hint="At least 12 characters; share it with them securely.">
          <input
            name="password"
            type="password"
            autoComplete="new-password"
            minLength={12}
            required
            value={password}
            onChange={(e) => setPassword(e.target.value)}
          />
        </Field>
      </form>
    </Dialog>
  );
}
