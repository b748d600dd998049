import { CEL_VARIABLES } from "@fleetwire/rules/client";
import type { languages } from "monaco-editor/editor/editor.api.js";
import type { Monaco } from "@/components/editor/monaco-setup.ts";
import type { SchemaField } from "./schema-fields.ts";

// Keys whose string value is a CEL expression or a template, where payload fields make sense.
const EXPRESSION_KEY = /"(when|alert_if|message|field|set|value)"\s*:\s*"([^"]*)$/;

/**
 * Completes payload fields (from the chosen model's telemetry schema) and CEL variables inside
 * the rule's expressions. `fields()` is read on every request, so changing the model applies at once.
 */
export function registerPayloadCompletion(monaco: Monaco, modelUri: string, fields: () => SchemaField[]) {
  return monaco.languages.registerCompletionItemProvider("json", {
    triggerCharacters: ["."],
    provideCompletionItems(model, position) {
      if (model.uri.toString() !== modelUri) return { suggestions: [] };
      const before = model.getLineContent(position.lineNumber).slice(0, position.column - 1);
      const inExpression = EXPRESSION_KEY.exec(before);
      if (!inExpression) return { suggestions: [] };
      const token = /[A-Za-z_][\w.]*$|$/.exec(before)?.[0] ?? "";
      const bare = inExpression[1] === "field";
      const afterPayload = token.startsWith("payload.");
      const replaced = afterPayload ? token.slice("payload.".length) : token;
      const range = {
        startLineNumber: position.lineNumber,
        endLineNumber: position.lineNumber,
        startColumn: position.column - replaced.length,
        endColumn: position.column,
      };
      const suggestions: languages.CompletionItem[] = fields().map((field) => ({
        label: bare || afterPayload ? field.path : `payload.${field.path}`,
        kind: monaco.languages.CompletionItemKind.Field,
        detail: field.type,
        documentation: field.description,
        insertText: bare || afterPayload ? field.path : `payload.${field.path}`,
        range,
      }));
      if (!bare && !afterPayload) {
        for (const variable of CEL_VARIABLES) {
          suggestions.push({
            label: variable,
            kind: monaco.languages.CompletionItemKind.Variable,
            detail: "CEL variable",
            insertText: variable,
            range,
          });
        }
      }
      return { suggestions };
    },
  });
}
