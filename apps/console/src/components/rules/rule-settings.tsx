"use client";

import { useQuery } from "@tanstack/react-query";
import { Field } from "@/components/ui/field.tsx";
import stack from "@/components/ui/stack.module.css";
import { useTRPC } from "@/lib/trpc/trpc-context.ts";

export type RuleSettingsState = { fleetId: string; name: string; description: string; priority: number };

type Props = {
  value: RuleSettingsState;
  onChange: (patch: Partial<RuleSettingsState>) => void;
  /** A rule stays in the fleet it was created for. */
  fleetLocked: boolean;
  readOnly: boolean;
};

export function RuleSettings({ value, onChange, fleetLocked, readOnly }: Props) {
  const trpc = useTRPC();
  const fleets = useQuery(trpc.fleets.list.queryOptions());
  return (
    <div className={stack.stack} style={{ gap: 14 }}>
      <Field label="Rule name">
        <input
          name="name"
          value={value.name}
          readOnly={readOnly}
          maxLength={120}
          onChange={(e) => onChange({ name: e.target.value })}
        />
      </Field>
      <Field label="Fleet" hint={fleetLocked ? "A rule applies to the fleet it was created for." : undefined}>
        <select
          name="fleetId"
          value={value.fleetId}
          disabled={fleetLocked || readOnly}
          onChange={(e) => onChange({ fleetId: e.target.value })}
        >
          <option value="">Choose a fleet…</option>
          {(fleets.data ?? []).map((fleet) => (
            <option key={fleet.id} value={fleet.id}>
              {fleet.name}
            </option>
          ))}
        </select>
      </Field>
      <Field label="Description">
        <input
          name="description"
          value={value.description}
          readOnly={readOnly}
          onChange={(e) => onChange({ description: e.target.value })}
        />
      </Field>
      <Field label="Priority" hint="Lower runs first.">
        <input
          name="priority"
          type="number"
          min={0}
          value={value.priority}
          readOnly={readOnly}
          onChange={(e) => onChange({ priority: Number(e.target.value) || 0 })}
        />
      </Field>
    </div>
  );
}
