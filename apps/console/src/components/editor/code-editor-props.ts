import type { OnMount } from "@monaco-editor/react";

export type CodeEditorProps = {
  value: string;
  onChange?: (value: string) => void;
  /** The model's URI path; JSON Schemas attach to editors by it. */
  path: string;
  language?: string;
  height?: number | string;
  readOnly?: boolean;
  onMount?: OnMount;
  ariaLabel?: string;
};
