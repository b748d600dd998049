"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useMemo, useState } from "react";
import { useCan } from "@/components/session/use-can.ts";
import { Button } from "@/components/ui/button.tsx";
import { Card } from "@/components/ui/card.tsx";
import { FormError } from "@/components/ui/form-error.tsx";
import stack from "@/components/ui/stack.module.css";
import type { RouterOutputs } from "@/lib/trpc/router-types.ts";
import { useTRPC } from "@/lib/trpc/trpc-context.ts";
import { CompletionModelSelect } from "./completion-model-select.tsx";
import { DEFAULT_RULE_DOCUMENT } from "./default-rule-document.ts";
import { DryRunPanel } from "./dry-run-panel.tsx";
import { RuleDocumentEditor } from "./rule-document-editor.tsx";
import { RuleSettings, type RuleSettingsState } from "./rule-settings.tsx";
import { schemaFields } from "./schema-fields.ts";
import { validateRuleText } from "./validate-rule-text.ts";

type Rule = RouterOutputs["rules"]["get"];

/** Create a rule or save a new version of one: settings, the DSL in Monaco, a dry run, then save. */
export function RuleEditor({ rule }: { rule?: Rule }) {
  const trpc = useTRPC();
  const router = useRouter();
  const queryClient = useQueryClient();
  const canWrite = useCan("rule:write");
  const [settings, setSettings] = useState<RuleSettingsState>({
    fleetId: rule?.fleet.id ?? "",
    name: rule?.name ?? "",
    description: rule?.description ?? "",
    priority: rule?.priority ?? 100,
  });
  const [text, setText] = useState(rule ? `${JSON.stringify(rule.document, null, 2)}\n` : DEFAULT_RULE_DOCUMENT);
  const [comment, setComment] = useState("");
  const [localError, setLocalError] = useState<string | null>(null);
  const [savedVersion, setSavedVersion] = useState<number | null>(null);
  const models = useQuery(trpc.models.list.queryOptions(settings.fleetId ? { fleetId: settings.fleetId } : undefined));
  const [modelId, setModelId] = useState("");
  const chosenModel = (models.data ?? []).find((m) => m.id === (modelId || models.data?.[0]?.id));
  const fields = useMemo(() => schemaFields(chosenModel?.telemetrySchema), [chosenModel]);

  const onSuccess = async (saved: { id: string; currentVersion: number }) => {
    await queryClient.invalidateQueries({ queryKey: trpc.rules.pathKey() });
    setSavedVersion(saved.currentVersion);
    setComment("");
    if (!rule) router.push(`/rules/${saved.id}`);
  };
  const create = useMutation(trpc.rules.create.mutationOptions({ onSuccess }));
  const update = useMutation(trpc.rules.update.mutationOptions({ onSuccess }));
  const mutation = rule ? update : create;

  function save() {
    setSavedVersion(null);
    if (!settings.name.trim()) return setLocalError("Give the rule a name.");
    if (!settings.fleetId) return setLocalError("Choose the fleet the rule applies to.");
    if (validateRuleText(text).length > 0) return setLocalError("Fix the problems in the rule document first.");
    setLocalError(null);
    const common = {
      name: settings.name,
      priority: settings.priority,
      document: text,
      comment: comment.trim() || undefined,
    };
    if (rule) update.mutate({ ruleId: rule.id, ...common, description: settings.description.trim() || null });
    else create.mutate({ ...common, fleetId: settings.fleetId, description: settings.description.trim() || undefined });
  }

  return (
    <div className={stack.stack}>
      <Card title="Rule">
        <RuleSettings
          value={settings}
          onChange={(patch) => setSettings((s) => ({ ...s, ...patch }))}
          fleetLocked={Boolean(rule)}
          readOnly={!canWrite}
        />
      </Card>
      <Card
        title="Rule document"
        aside={<CompletionModelSelect models={models} value={modelId || chosenModel?.id || ""} onChange={setModelId} />}
      >
        <RuleDocumentEditor
          value={text}
          onChange={setText}
          path={`rule-${rule?.id ?? "new"}.rule.json`}
          fields={fields}
          readOnly={!canWrite}
        />
      </Card>
      <DryRunPanel text={text} fleetId={settings.fleetId} />
      {canWrite ? (
        <Card title="Save">
          <div className={stack.stack} style={{ gap: 12 }}>
            <FormError error={localError ?? mutation.error} />
            {savedVersion !== null && !mutation.isPending ? (
              <p role="status">Saved as version {savedVersion}. Workers apply it within seconds.</p>
            ) : null}
            <div className={stack.row}>
              <input
                aria-label="Version comment"
                placeholder="What changed (saved with the version)"
                value={comment}
                onChange={(e) => setComment(e.target.value)}
                style={{ flex: 1, height: 34, padding: "0 10px", border: "1px solid var(--border)", borderRadius: 6 }}
              />
              <Button onClick={save} disabled={mutation.isPending}>
                {mutation.isPending ? "Saving…" : rule ? "Save new version" : "Create rule"}
              </Button>
            </div>
          </div>
        </Card>
      ) : null}
    </div>
  );
}
