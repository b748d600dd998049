"use client";

import "./monaco-setup.ts";
import Editor, { type OnMount } from "@monaco-editor/react";
import { LoadingRows } from "@/components/ui/loading-rows.tsx";
import type { CodeEditorProps } from "./code-editor-props.ts";

/** The Monaco editor itself; load it through `CodeEditor`, which keeps it out of the server render. */
export default function CodeEditorImpl({
  value,
  onChange,
  path,
  language = "json",
  height = 360,
  readOnly = false,
  onMount,
  ariaLabel,
}: CodeEditorProps) {
  const handleMount: OnMount = (editor, monaco) => {
    onMount?.(editor, monaco);
  };
  return (
    <div
      data-testid="code-editor"
      data-editor-path={path}
      style={{ border: "1px solid var(--border)", borderRadius: 6 }}
    >
      <Editor
        height={height}
        path={path}
        language={language}
        value={value}
        onChange={(next) => onChange?.(next ?? "")}
        onMount={handleMount}
        loading={<LoadingRows rows={4} label="Loading the editor…" />}
        options={{
          readOnly,
          minimap: { enabled: false },
          fontSize: 13,
          tabSize: 2,
          scrollBeyondLastLine: false,
          automaticLayout: true,
          ariaLabel,
          fixedOverflowWidgets: true,
        }}
      />
    </div>
  );
}
