/**
 * @fleetwire/device-sdk: what a device needs to live on Fleetwire, in a few calls.
 *
 *   const creds = await provisionDevice({ deviceHttpsUrl, caPem, bootstrap, deviceId, model, firmwareVersion });
 *   const device = await connectDevice({ deviceId, fleetId, brokerUrl, auth: { type: "mtls", ...creds } });
 *   await device.publishTelemetry({ temperature: 21.5 });
 *   device.applyDesired(async (delta) => { await apply(delta); });   // reports back, the delta clears
 *   device.onCommand(async (command) => ({ ok: true }));             // delivered, then succeeded/failed
 */
export * from "./backoff.ts";
export * from "./device-messages.ts";
export * from "./fleetwire-device.ts";
export * from "./https-json.ts";
export * from "./provision.ts";
