"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { ValidatedJsonEditor } from "@/components/editor/validated-json-editor.tsx";
import { Button } from "@/components/ui/button.tsx";
import { FormError } from "@/components/ui/form-error.tsx";
import stack from "@/components/ui/stack.module.css";
import { useTRPC } from "@/lib/trpc/trpc-context.ts";
import { validateJsonObjectText } from "./validate-json-object-text.ts";

/**
 * Changes the desired state with an RFC 7396 merge patch (null removes a key). Sent with the
 * version it was read at, so a change made meanwhile by someone else is refused, not overwritten.
 */
export function DesiredStateEditor({ deviceId, version }: { deviceId: string; version: number }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [text, setText] = useState("{\n  \n}\n");
  const patch = useMutation(
    trpc.shadows.patchDesired.mutationOptions({
      onSuccess: async () => {
        await queryClient.invalidateQueries({ queryKey: trpc.shadows.pathKey() });
        setText("{\n  \n}\n");
      },
    }),
  );
  const valid = validateJsonObjectText(text).length === 0;
  return (
    <div className={stack.stack} style={{ gap: 10 }}>
      <ValidatedJsonEditor
        value={text}
        onChange={setText}
        path={`shadow-${deviceId}.desired-patch.json`}
        validate={validateJsonObjectText}
        validLabel="A JSON object: keys set, null removes a key"
        height={140}
        ariaLabel="Desired state patch"
      />
      <FormError error={patch.error} />
      <div className={stack.row}>
        <Button
          disabled={!valid || patch.isPending}
          onClick={() => patch.mutate({ deviceId, patch: JSON.parse(text), version })}
        >
          {patch.isPending ? "Applying…" : "Apply to desired state"}
        </Button>
      </div>
    </div>
  );
}
