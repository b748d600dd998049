// Client-safe: request schemas only (no database or file-system code), for the console's forms.
export * from "./telemetry/telemetry-series.schema.ts";
