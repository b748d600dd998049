"use client";

import type { OnMount } from "@monaco-editor/react";
import { useEffect, useRef, useState } from "react";
import { useDebouncedValue } from "@/lib/use-debounced-value.ts";
import { applyMarkers } from "./apply-markers.ts";
import { CodeEditor } from "./code-editor.tsx";
import type { EditorIssue } from "./editor-issue.ts";
import { EditorIssues } from "./editor-issues.tsx";

type MountArgs = Parameters<OnMount>;

type Props = {
  value: string;
  onChange: (value: string) => void;
  path: string;
  /** Checks the text; its issues become markers and the list under the editor. */
  validate: (text: string) => EditorIssue[];
  validLabel: string;
  height?: number;
  readOnly?: boolean;
  ariaLabel: string;
  onMount?: (...args: MountArgs) => void;
};

const OWNER = "fleetwire";

/** A JSON editor whose own validator (the one the API runs) marks problems where they are. */
export function ValidatedJsonEditor({ value, validate, validLabel, onMount, ...editor }: Props) {
  const mounted = useRef<{ editor: MountArgs[0]; monaco: MountArgs[1] } | null>(null);
  const settled = useDebouncedValue(value, 250);
  const [issues, setIssues] = useState<EditorIssue[]>(() => validate(value));

  useEffect(() => {
    const next = validate(settled);
    setIssues(next);
    const current = mounted.current;
    const model = current?.editor.getModel();
    // Markers are set through the same monaco instance the editor uses.
    if (current && model) applyMarkers(current.monaco as never, model as never, OWNER, next);
  }, [settled, validate]);

  return (
    <div>
      <CodeEditor
        {...editor}
        value={value}
        onMount={(ed, monaco) => {
          mounted.current = { editor: ed, monaco };
          onMount?.(ed, monaco);
          const model = ed.getModel();
          if (model) applyMarkers(monaco as never, model as never, OWNER, validate(ed.getValue()));
        }}
      />
      <EditorIssues issues={issues} validLabel={validLabel} />
    </div>
  );
}
