"use client";

import "./monaco-setup.ts";
import { DiffEditor } from "@monaco-editor/react";
import { LoadingRows } from "@/components/ui/loading-rows.tsx";

export type CodeDiffProps = { original: string; modified: string; height?: number };

/** Two texts side by side with their differences marked (read-only). */
export default function CodeDiffImpl({ original, modified, height = 380 }: CodeDiffProps) {
  return (
    <div data-testid="code-diff" style={{ border: "1px solid var(--border)", borderRadius: 6 }}>
      <DiffEditor
        height={height}
        language="json"
        original={original}
        modified={modified}
        loading={<LoadingRows rows={4} label="Loading the diff…" />}
        options={{
          readOnly: true,
          renderSideBySide: true,
          minimap: { enabled: false },
          automaticLayout: true,
          fontSize: 13,
        }}
      />
    </div>
  );
}
