"use client";

import type { UseQueryResult } from "@tanstack/react-query";
import type { RouterOutputs } from "@/lib/trpc/router-types.ts";

type Models = RouterOutputs["models"]["list"];

/** Which model's telemetry schema the editor completes payload fields from. */
export function CompletionModelSelect({
  models,
  value,
  onChange,
}: {
  models: UseQueryResult<Models, unknown>;
  value: string;
  onChange: (modelId: string) => void;
}) {
  return (
    <label style={{ display: "flex", gap: 8, alignItems: "center", fontSize: 12.5, color: "var(--muted)" }}>
      Complete payload fields of
      <select value={value} onChange={(e) => onChange(e.target.value)} aria-label="Completion model">
        <option value="">no model</option>
        {(models.data ?? []).map((m) => (
          <option key={m.id} value={m.id}>
            {m.name}
          </option>
        ))}
      </select>
    </label>
  );
}
