/** The device topics of docs/design.md; the one place their shape is written. */
export function deviceTopics(fleetId: string, deviceId: string) {
  const base = `${fleetId}/devices/${deviceId}`;
  return {
    telemetry: `${base}/telemetry`,
    shadowReported: `${base}/shadow/reported`,
    shadowDelta: `${base}/shadow/delta`,
    commands: `${base}/commands`,
    commandResponse: `${base}/commands/response`,
    /** What the device may publish to. */
    publish: [`${base}/telemetry`, `${base}/shadow/reported`, `${base}/commands/response`],
    /** What the device may subscribe to. */
    subscribe: [`${base}/commands`, `${base}/shadow/delta`],
  };
}

/** Parses `{fleet}/devices/{device}/{rest}`; undefined when the topic is not a device topic. */
export function parseDeviceTopic(topic: string): { fleetId: string; deviceId: string; kind: string } | undefined {
  const parts = topic.split("/");
  if (parts.length < 4 || parts[1] !== "devices" || !parts[0] || !parts[2]) return undefined;
  return { fleetId: parts[0], deviceId: parts[2], kind: parts.slice(3).join("/") };
}
