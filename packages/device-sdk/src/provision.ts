import { createKeyAndCsr } from "@fleetwire/pki";
import { httpsJson } from "./https-json.ts";

/** Everything a provisioned device keeps: its identity, its key and certificate, where the platform is. */
export interface DeviceCredentials {
  deviceId: string;
  fleetId: string;
  certPem: string;
  keyPem: string;
  /** The platform CA chain (verifies the broker and the device HTTPS endpoint). */
  caPem: string;
  /** mqtts://host:port of the mutual-TLS listener. */
  brokerUrl: string;
  /** https://host:port of the device endpoint (shadow and commands over HTTPS, renewal). */
  deviceHttpsUrl: string;
  expiresAt: string;
}

export interface ProvisionOptions {
  /** The device HTTPS endpoint, e.g. https://127.0.0.1:4443. */
  deviceHttpsUrl: string;
  /** The platform CA chain, to verify the endpoint before the device has its own copy. */
  caPem: string;
  /** The bootstrap (manufacturer) certificate and key the device was born with; its CN is the device id. */
  bootstrap: { certPem: string; keyPem: string };
  deviceId: string;
  model: string;
  firmwareVersion: string;
}

interface ProvisionResponse {
  device_id: string;
  fleet_id: string;
  operational_cert_pem: string;
  ca_chain_pem: string;
  broker_endpoint: string;
  expires_at: string;
}

/**
 * Zero-touch provisioning as a device does it: a fresh P-256 key that never leaves the device, a
 * CSR for it, and POST /provision over mutual TLS with the bootstrap certificate.
 */
export async function provisionDevice(options: ProvisionOptions): Promise<DeviceCredentials> {
  const { keyPem, csrPem } = await createKeyAndCsr(options.deviceId);
  const base = options.deviceHttpsUrl.replace(/\/$/, "");
  const res = await httpsJson<ProvisionResponse>(
    `${base}/provision`,
    { certPem: options.bootstrap.certPem, keyPem: options.bootstrap.keyPem, caPem: options.caPem },
    {
      body: {
        device_id: options.deviceId,
        model: options.model,
        firmware_version: options.firmwareVersion,
        csr: csrPem,
      },
    },
  );
  return {
    deviceId: res.device_id,
    fleetId: res.fleet_id,
    certPem: res.operational_cert_pem,
    keyPem,
    caPem: res.ca_chain_pem,
    brokerUrl: res.broker_endpoint,
    deviceHttpsUrl: base,
    expiresAt: res.expires_at,
  };
}
