"use client";

import { ValidatedJsonEditor } from "@/components/editor/validated-json-editor.tsx";
import { validateTelemetrySchemaText } from "./validate-telemetry-schema-text.ts";

type Props = { value: string; onChange: (value: string) => void; path: string; readOnly?: boolean };

/** The model's telemetry JSON Schema in Monaco, checked as the API checks it (draft 2020-12, strict). */
export function TelemetrySchemaEditor({ value, onChange, path, readOnly = false }: Props) {
  return (
    <ValidatedJsonEditor
      value={value}
      onChange={onChange}
      path={path}
      validate={validateTelemetrySchemaText}
      validLabel="Valid JSON Schema (draft 2020-12)"
      height={340}
      readOnly={readOnly}
      ariaLabel="Telemetry JSON Schema"
    />
  );
}
