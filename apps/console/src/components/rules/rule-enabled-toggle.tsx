"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useCan } from "@/components/session/use-can.ts";
import { Button } from "@/components/ui/button.tsx";
import { useTRPC } from "@/lib/trpc/trpc-context.ts";

/** Enable or disable a rule; the workers pick the change up through hot reload. Absent for readers. */
export function RuleEnabledToggle({ ruleId, enabled, name }: { ruleId: string; enabled: boolean; name: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const canWrite = useCan("rule:write");
  const toggle = useMutation(
    trpc.rules.setEnabled.mutationOptions({
      onSuccess: () => queryClient.invalidateQueries({ queryKey: trpc.rules.pathKey() }),
    }),
  );
  if (!canWrite) return null;
  return (
    <Button
      variant="secondary"
      size="small"
      disabled={toggle.isPending}
      aria-label={`${enabled ? "Disable" : "Enable"} ${name}`}
      title={toggle.error ? toggle.error.message : undefined}
      onClick={() => toggle.mutate({ ruleId, enabled: !enabled })}
    >
      {enabled ? "Disable" : "Enable"}
    </Button>
  );
}
