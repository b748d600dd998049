// Monaco's JSON language worker (schema validation and completion), bundled by the console.
import "monaco-editor/languages/features/json/json.worker.js";
