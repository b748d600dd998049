/** A new rule's starting document: valid, and a reminder of the DSL's shape. */
export const DEFAULT_RULE_DOCUMENT = `{
  "if": {
    "topic": "telemetry",
    "when": "payload.temperature > 30.0"
  },
  "then": [
    { "route_to": "timeseries" },
    {
      "alert_if": "payload.temperature > 40.0",
      "severity": "warning",
      "message": "{{device_id}} is hot: {{payload.temperature}}"
    }
  ]
}
`;
