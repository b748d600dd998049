"use client";

import { useMutation } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { Button } from "@/components/ui/button.tsx";
import { Card } from "@/components/ui/card.tsx";
import { FormError } from "@/components/ui/form-error.tsx";
import toolbar from "@/components/ui/toolbar.module.css";
import { useTRPC } from "@/lib/trpc/trpc-context.ts";
import { DryRunResults } from "./dry-run-results.tsx";

type Props = { text: string; fleetId: string };

/**
 * Runs the editor's draft against the recent messages of the rule's fleet or of one device,
 * without routing anything: see what it would do before saving it.
 */
export function DryRunPanel({ text, fleetId }: Props) {
  const trpc = useTRPC();
  const [deviceId, setDeviceId] = useState("");
  const [limit, setLimit] = useState(50);
  const dryRun = useMutation(trpc.rules.dryRun.mutationOptions());
  function onSubmit(event: FormEvent) {
    event.preventDefault();
    const source = deviceId.trim() ? { deviceId: deviceId.trim() } : { fleetId };
    dryRun.mutate({ document: text, source, limit });
  }
  const result = dryRun.data;
  return (
    <Card title="Dry run">
      <form className={toolbar.toolbar} onSubmit={onSubmit} aria-label="Dry run">
        <label className={toolbar.grow}>
          Device (optional)
          <input
            value={deviceId}
            placeholder="Recent messages of the whole fleet when empty"
            onChange={(e) => setDeviceId(e.target.value)}
            aria-label="Dry run device"
          />
        </label>
        <label>
          Messages
          <input
            type="number"
            min={1}
            max={200}
            value={limit}
            onChange={(e) => setLimit(Number(e.target.value) || 50)}
          />
        </label>
        <Button type="submit" variant="secondary" disabled={dryRun.isPending || !fleetId}>
          {dryRun.isPending ? "Running…" : "Dry run"}
        </Button>
      </form>
      <FormError error={dryRun.error} />
      {result && !result.ok ? (
        <FormError error={`The draft does not validate: ${result.errors.map((e) => e.message).join("; ")}`} />
      ) : null}
      {result?.ok ? <DryRunResults result={result} /> : null}
      {!result && !dryRun.error ? (
        <p style={{ color: "var(--muted)", margin: 0 }}>Nothing is routed or alerted by a dry run.</p>
      ) : null}
    </Card>
  );
}
