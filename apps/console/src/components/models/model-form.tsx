"use client";

import { OUTLIER_POLICIES, ZDeviceModelName } from "@fleetwire/registry/schemas";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { type FormEvent, useState } from "react";
import { useCan } from "@/components/session/use-can.ts";
import { Button } from "@/components/ui/button.tsx";
import { Card } from "@/components/ui/card.tsx";
import { Field } from "@/components/ui/field.tsx";
import { FormError } from "@/components/ui/form-error.tsx";
import stack from "@/components/ui/stack.module.css";
import type { RouterOutputs } from "@/lib/trpc/router-types.ts";
import { useTRPC } from "@/lib/trpc/trpc-context.ts";
import { DEFAULT_TELEMETRY_SCHEMA } from "./default-telemetry-schema.ts";
import { TelemetrySchemaEditor } from "./telemetry-schema-editor.tsx";
import { validateTelemetrySchemaText } from "./validate-telemetry-schema-text.ts";

type Model = RouterOutputs["models"]["get"];

/** Creates a model, or edits one; the schema must pass the same check the API runs before saving. */
export function ModelForm({ model }: { model?: Model }) {
  const trpc = useTRPC();
  const router = useRouter();
  const queryClient = useQueryClient();
  const canWrite = useCan("fleet:write");
  const fleets = useQuery(trpc.fleets.list.queryOptions());
  const [name, setName] = useState(model?.name ?? "");
  const [description, setDescription] = useState(model?.description ?? "");
  const [defaultFleetId, setDefaultFleetId] = useState(model?.defaultFleet?.id ?? "");
  const [outlierPolicy, setOutlierPolicy] = useState(model?.outlierPolicy ?? "flag");
  const [schemaText, setSchemaText] = useState(
    model ? `${JSON.stringify(model.telemetrySchema, null, 2)}\n` : DEFAULT_TELEMETRY_SCHEMA,
  );
  const [localError, setLocalError] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);
  const onSuccess = async (result: { id: string }) => {
    await queryClient.invalidateQueries({ queryKey: trpc.models.pathKey() });
    await queryClient.invalidateQueries({ queryKey: trpc.fleets.pathKey() });
    setSaved(true);
    if (!model) router.push(`/models/${result.id}`);
  };
  const create = useMutation(trpc.models.create.mutationOptions({ onSuccess }));
  const update = useMutation(trpc.models.update.mutationOptions({ onSuccess }));
  const mutation = model ? update : create;

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    setSaved(false);
    const nameCheck = ZDeviceModelName.safeParse(name);
    if (!nameCheck.success) return setLocalError(`Name: ${nameCheck.error.issues[0]?.message}`);
    if (validateTelemetrySchemaText(schemaText).length > 0) {
      return setLocalError("Fix the problems in the telemetry schema first.");
    }
    setLocalError(null);
    const common = {
      name: nameCheck.data,
      telemetrySchema: JSON.parse(schemaText) as Record<string, unknown>,
      defaultFleetId: defaultFleetId || null,
      outlierPolicy: outlierPolicy as (typeof OUTLIER_POLICIES)[number],
    };
    if (model) update.mutate({ modelId: model.id, ...common, description: description.trim() || null });
    else create.mutate({ ...common, description: description.trim() || undefined });
  }

  return (
    <form onSubmit={onSubmit} className={stack.stack} aria-label={model ? "Edit model" : "New model"}>
      <Card title="Model">
        <div className={stack.stack} style={{ gap: 14 }}>
          <FormError error={localError ?? mutation.error} />
          {saved && !mutation.isPending ? <p role="status">Saved.</p> : null}
          <Field label="Name" hint="Devices name their model when they provision, e.g. th-sensor-v2.">
            <input name="name" value={name} readOnly={!canWrite} onChange={(e) => setName(e.target.value)} />
          </Field>
          <Field label="Description">
            <input
              name="description"
              value={description}
              readOnly={!canWrite}
              onChange={(e) => setDescription(e.target.value)}
            />
          </Field>
          <Field label="Default fleet" hint="Where devices of this model are placed when they provision.">
            <select
              name="defaultFleetId"
              value={defaultFleetId}
              disabled={!canWrite}
              onChange={(e) => setDefaultFleetId(e.target.value)}
            >
              <option value="">No default fleet</option>
              {(fleets.data ?? []).map((fleet) => (
                <option key={fleet.id} value={fleet.id}>
                  {fleet.name}
                </option>
              ))}
            </select>
          </Field>
          <Field label="Outlier policy" hint="flag marks outlying readings; quarantine holds them back.">
            <select
              name="outlierPolicy"
              value={outlierPolicy}
              disabled={!canWrite}
              onChange={(e) => setOutlierPolicy(e.target.value as typeof outlierPolicy)}
            >
              {OUTLIER_POLICIES.map((policy) => (
                <option key={policy} value={policy}>
                  {policy}
                </option>
              ))}
            </select>
          </Field>
        </div>
      </Card>
      <Card title={model ? `Telemetry schema (version ${model.schemaVersion})` : "Telemetry schema"}>
        <TelemetrySchemaEditor
          value={schemaText}
          onChange={setSchemaText}
          path={`models/${model?.id ?? "new"}/telemetry-schema.json`}
          readOnly={!canWrite}
        />
      </Card>
      {canWrite ? (
        <div className={stack.row}>
          <Button type="submit" disabled={mutation.isPending}>
            {mutation.isPending ? "Saving…" : model ? "Save model" : "Create model"}
          </Button>
        </div>
      ) : null}
    </form>
  );
}
