"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { Button } from "@/components/ui/button.tsx";
import { FormError } from "@/components/ui/form-error.tsx";
import toolbar from "@/components/ui/toolbar.module.css";
import { useTRPC } from "@/lib/trpc/trpc-context.ts";
import { validateJsonObjectText } from "./validate-json-object-text.ts";

/** Sends a command (name, JSON parameters, time to live); its status follows in the list below. */
export function SendCommandForm({ deviceId }: { deviceId: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [name, setName] = useState("");
  const [params, setParams] = useState("{}");
  const [ttl, setTtl] = useState(300);
  const [localError, setLocalError] = useState<string | null>(null);
  const send = useMutation(
    trpc.commands.send.mutationOptions({
      onSuccess: () => queryClient.invalidateQueries({ queryKey: trpc.commands.pathKey() }),
    }),
  );
  function onSubmit(event: FormEvent) {
    event.preventDefault();
    const issues = validateJsonObjectText(params);
    if (issues.length > 0) return setLocalError(`Parameters: ${issues[0]?.message}`);
    setLocalError(null);
    send.mutate({ deviceId, name: name.trim(), params: JSON.parse(params), ttlSeconds: ttl });
  }
  return (
    <form onSubmit={onSubmit} aria-label="Send command">
      <div className={toolbar.toolbar}>
        <label>
          Command
          <input value={name} required placeholder="e.g. reboot" onChange={(e) => setName(e.target.value)} />
        </label>
        <label className={toolbar.grow}>
          Parameters (JSON)
          <input
            value={params}
            onChange={(e) => setParams(e.target.value)}
            style={{ fontFamily: "var(--font-mono)" }}
          />
        </label>
        <label>
          Expires after (s)
          <input type="number" min={1} value={ttl} onChange={(e) => setTtl(Number(e.target.value) || 300)} size={6} />
        </label>
        <Button type="submit" disabled={send.isPending || !name.trim()}>
          {send.isPending ? "Sending…" : "Send"}
        </Button>
      </div>
      <FormError error={localError ?? send.error} />
    </form>
  );
}
