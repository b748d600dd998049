"use client";

import { RULE_DOCUMENT_SCHEMA_URI, ruleDocumentJsonSchema } from "@fleetwire/rules/client";
import { useEffect, useRef } from "react";
import { ValidatedJsonEditor } from "@/components/editor/validated-json-editor.tsx";
import { registerPayloadCompletion } from "./payload-completion.ts";
import type { SchemaField } from "./schema-fields.ts";
import { validateRuleText } from "./validate-rule-text.ts";

type Props = {
  value: string;
  onChange: (value: string) => void;
  /** Names the editor's model; must end in .rule.json for the DSL's JSON Schema to apply. */
  path: string;
  fields: SchemaField[];
  readOnly?: boolean;
};

/**
 * The rule DSL in Monaco: the document's JSON Schema for validation and completion, the CEL and
 * template errors of validateRuleDocument as markers where they are, and payload fields of the
 * chosen model completed inside expressions.
 */
export function RuleDocumentEditor({ value, onChange, path, fields, readOnly = false }: Props) {
  const fieldsRef = useRef(fields);
  fieldsRef.current = fields;
  const disposers = useRef<(() => void)[]>([]);
  useEffect(() => () => disposers.current.forEach((dispose) => dispose()), []);
  return (
    <ValidatedJsonEditor
      value={value}
      onChange={onChange}
      path={path}
      validate={validateRuleText}
      validLabel="Valid rule: JSON, DSL and CEL expressions check out"
      height={420}
      readOnly={readOnly}
      ariaLabel="Rule document"
      onMount={(editor, monaco) => {
        void import("@/components/editor/monaco-setup.ts").then(({ associateJsonSchema }) => {
          disposers.current.push(
            associateJsonSchema({
              uri: RULE_DOCUMENT_SCHEMA_URI,
              fileMatch: ["*.rule.json"],
              schema: ruleDocumentJsonSchema,
            }),
          );
        });
        const uri = editor.getModel()?.uri.toString() ?? "";
        const completion = registerPayloadCompletion(monaco as never, uri, () => fieldsRef.current);
        disposers.current.push(() => completion.dispose());
      }}
    />
  );
}
