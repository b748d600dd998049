"use client";

import { loader } from "@monaco-editor/react";
import * as monaco from "monaco-editor/editor/editor.api.js";
// Every editor contribution (find, folding, hover, suggest, drop-into, the diff editor, …), loaded
// before the first editor exists: contributions that register services only when the JSON mode
// loads lazily would come too late for editors created afterwards ("depends on UNKNOWN service").
import "monaco-editor/internal/common/workers.js";
import { jsonDefaults } from "monaco-editor/languages/features/json/register.js";

/**
 * Monaco from the installed `monaco-editor` package, bundled with the console: @monaco-editor/react
 * would otherwise load it from a CDN, which air-gapped plants cannot reach. Only the editor core
 * and the JSON language are included. Imported by client-only components (it needs `window`).
 */
declare global {
  interface Window {
    MonacoEnvironment?: { getWorker(moduleId: string, label: string): Worker };
  }
}

window.MonacoEnvironment = {
  getWorker(_moduleId, label) {
    if (label === "json") return new Worker(new URL("./json.worker.ts", import.meta.url), { type: "module" });
    return new Worker(new URL("./editor.worker.ts", import.meta.url), { type: "module" });
  },
};

loader.config({ monaco: monaco as unknown as Parameters<typeof loader.config>[0]["monaco"] });

export type Monaco = typeof monaco;
export { monaco };

type SchemaAssociation = { uri: string; fileMatch: string[]; schema: unknown };
const schemas = new Map<string, SchemaAssociation>();

/**
 * Validates and completes every editor model whose URI matches `fileMatch` against a JSON Schema.
 * Monaco keeps one JSON configuration for the page, so the associations of all editors are merged.
 */
export function associateJsonSchema(association: SchemaAssociation): () => void {
  schemas.set(association.uri, association);
  const apply = () =>
    jsonDefaults.setDiagnosticsOptions({
      validate: true,
      allowComments: false,
      trailingCommas: "error",
      enableSchemaRequest: false,
      schemas: [...schemas.values()],
    });
  apply();
  return () => {
    schemas.delete(association.uri);
    apply();
  };
}
