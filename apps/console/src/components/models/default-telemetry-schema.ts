/** What a new model's schema editor starts with: a valid draft 2020-12 schema to edit. */
export const DEFAULT_TELEMETRY_SCHEMA = `{
  "$schema": "https://json-schema.org/draft/2020-12/schema",
  "type": "object",
  "properties": {
    "temperature": { "type": "number", "description": "degrees Celsius" },
    "humidity": { "type": "number", "minimum": 0, "maximum": 100 }
  },
  "required": ["temperature"],
  "additionalProperties": true
}
`;
