import { readFileSync } from "node:fs";
import { connectDevice, type DeviceCredentials, type FleetwireDevice, provisionDevice } from "@fleetwire/device-sdk";
import { createTestManufacturerCa, issueBootstrapCertificate } from "@fleetwire/pki";
import { mutate } from "./control-plane-api.ts";
import { testPlatform } from "./platform.ts";

/**
 * A simulated device provisioned the zero-touch way: a fresh test manufacturer CA trusted for the
 * model through the API, a bootstrap certificate from it, then POST /provision over mutual TLS
 * with the device SDK (the private key never leaves this process).
 */
export async function provisionSimulatedDevice(options: {
  token: string;
  modelId: string;
  modelName: string;
  deviceId: string;
  firmwareVersion?: string;
}): Promise<DeviceCredentials> {
  const manufacturer = await createTestManufacturerCa();
  await mutate(options.token, "manufacturerCas.trust", {
    pem: manufacturer.certPem,
    modelId: options.modelId,
    name: `E2E manufacturer ${options.deviceId}`,
  });
  const bootstrap = await issueBootstrapCertificate(manufacturer, options.deviceId, 30);
  return provisionDevice({
    deviceHttpsUrl: testPlatform.urls.deviceHttps,
    caPem: readFileSync(testPlatform.pki.caChainPath, "utf8"),
    bootstrap,
    deviceId: options.deviceId,
    model: options.modelName,
    firmwareVersion: options.firmwareVersion ?? "1.2.3",
  });
}

/** Connects the provisioned device to the MQTT mutual-TLS listener. */
export function connectSimulatedDevice(credentials: DeviceCredentials): Promise<FleetwireDevice> {
  return connectDevice({
    deviceId: credentials.deviceId,
    fleetId: credentials.fleetId,
    brokerUrl: credentials.brokerUrl,
    auth: { type: "mtls", certPem: credentials.certPem, keyPem: credentials.keyPem, caPem: credentials.caPem },
    connectTimeoutMs: 15_000,
  });
}
