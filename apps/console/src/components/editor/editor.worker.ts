// Monaco's core worker (diffing, word completion), bundled by the console: never fetched from a CDN.
import "monaco-editor/editor/editor.worker.js";
