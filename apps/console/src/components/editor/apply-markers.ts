import type { editor } from "monaco-editor/editor/editor.api.js";
import type { EditorIssue } from "./editor-issue.ts";
import type { Monaco } from "./monaco-setup.ts";

/** Shows issues as squiggles at their positions (Monaco markers: 1-based lines and columns). */
export function applyMarkers(monaco: Monaco, model: editor.ITextModel, owner: string, issues: EditorIssue[]) {
  const markers = issues.map((issue) => {
    const range = issue.range;
    const start = range ? model.getPositionAt(range.offset) : { lineNumber: 1, column: 1 };
    const end = range ? model.getPositionAt(range.offset + Math.max(range.length, 1)) : model.getPositionAt(1);
    return {
      severity: issue.severity === "warning" ? monaco.MarkerSeverity.Warning : monaco.MarkerSeverity.Error,
      message: issue.where ? `${issue.where}: ${issue.message}` : issue.message,
      startLineNumber: start.lineNumber,
      startColumn: start.column,
      endLineNumber: end.lineNumber,
      endColumn: end.column,
    };
  });
  monaco.editor.setModelMarkers(model, owner, markers);
}
