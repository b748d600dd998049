import type { TextRange } from "@fleetwire/rules/client";

/** A problem in an editor's text: shown as a marker at `range` and in the list under the editor. */
export interface EditorIssue {
  message: string;
  /** Where it is; absent for problems of the whole document. */
  range?: TextRange;
  /** A label such as the JSON path, shown before the message in the list. */
  where?: string;
  severity?: "error" | "warning";
}
