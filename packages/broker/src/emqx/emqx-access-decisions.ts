import { createHash, timingSafeEqual } from "node:crypto";
import { z } from "zod";
import { deviceTopics } from "../device-topics.ts";

/**
 * Who may connect to EMQX and what they may touch: the decisions behind the control plane's
 * POST /emqx/authn and /emqx/authz, which implement EMQX 5.8's HTTP authn/authz contract
 * (emqx-5.8.md §2.2, §3). Plain functions over a narrow directory, so they know nothing of HTTP.
 */

// EMQX renders every placeholder as a string and undefined values as "" (§2.1); accept numbers and
// booleans too, in case a body template is written without quotes.
const text = z.preprocess((value) => (value === undefined || value === null ? "" : String(value)), z.string());

export const ZEmqxAuthnRequest = z.object({
  clientid: text,
  username: text,
  password: text,
  peerhost: text,
  cert_common_name: text,
  cert_subject: text,
  zone: text,
  /** `${cert_pem}` (5.8+): base64 of the client certificate's DER, despite its name (§2.1). */
  cert_pem: text,
});
export type TEmqxAuthnRequest = z.output<typeof ZEmqxAuthnRequest>;

export const ZEmqxAuthzRequest = z.object({
  clientid: text,
  username: text,
  topic: text,
  action: text,
  qos: text,
  retain: text,
  cert_common_name: text,
});
export type TEmqxAuthzRequest = z.output<typeof ZEmqxAuthzRequest>;

export interface EmqxAclRule {
  permission: "allow" | "deny";
  action: "publish" | "subscribe" | "all";
  topics: string[];
}

export type EmqxAuthnResponse =
  | {
      result: "allow";
      is_superuser: false;
      client_attrs?: Record<string, string>;
      acl?: EmqxAclRule[];
      expire_at?: number;
    }
  | { result: "deny" };

export type EmqxAuthzResponse = { result: "allow" | "deny" };

export interface EmqxDeviceRecord {
  id: string;
  fleetId: string;
  status: string;
}

export interface EmqxCertificateRecord {
  deviceId: string;
  expiresAt: Date;
  revokedAt: Date | null;
}

/** What the decisions need from the registry (PostgreSQL in the control plane). */
export interface EmqxAccessDirectory {
  findDevice(deviceId: string): Promise<EmqxDeviceRecord | undefined>;
  /** The certificate with this DER SHA-256 fingerprint (lower-case hex). */
  findCertificateByFingerprint(fingerprint: string): Promise<EmqxCertificateRecord | undefined>;
  /** When EMQX does not send the certificate: the device's newest unrevoked, unexpired one. */
  findCurrentCertificate(deviceId: string, now: Date): Promise<EmqxCertificateRecord | undefined>;
  /**
   * PSK devices: checks the MQTT password against the device's PSK store. EMQX 5.8 does not expose
   * the TLS-PSK identity to authn (§5), so this is the only binding of client id to key. Without it
   * PSK devices are refused (fail closed).
   */
  verifyPskPassword?(deviceId: string, password: string): Promise<boolean>;
}

export interface EmqxAccessSettings {
  serviceUsername: string;
  servicePassword: string | undefined;
  /** The zones of the mTLS and PSK listeners in emqx.conf. */
  mtlsZone?: string;
  pskZone?: string;
  now?: () => Date;
}

export interface EmqxDecision<T> {
  response: T;
  /** Why, for logs and tests; never sent to EMQX. */
  reason: string;
}

const CONNECTABLE = new Set(["provisioned", "active"]);

function deny(reason: string): EmqxDecision<{ result: "deny" }> {
  return { response: { result: "deny" }, reason };
}

function sameSecret(a: string, b: string): boolean {
  const left = createHash("sha256").update(a).digest();
  const right = createHash("sha256").update(b).digest();
  return timingSafeEqual(left, right);
}

/** Exactly the device's own topics (design.md), as exact-match (`eq`) rules checked before any source. */
export function deviceAcl(fleetId: string, deviceId: string): EmqxAclRule[] {
  const topics = deviceTopics(fleetId, deviceId);
  return [
    { permission: "allow", action: "publish", topics: topics.publish.map((t) => `eq ${t}`) },
    { permission: "allow", action: "subscribe", topics: topics.subscribe.map((t) => `eq ${t}`) },
  ];
}

/** `${cert_pem}` arrives as base64 DER (5.8); tolerate real PEM and an unrendered placeholder. */
export function certificateFingerprint(certPem: string): string | undefined {
  const base64 = certPem.replace(/-----(BEGIN|END) CERTIFICATE-----/g, "").replace(/\s+/g, "");
  if (base64.length < 64 || !/^[A-Za-z0-9+/]+={0,2}$/.test(base64)) return undefined;
  return createHash("sha256").update(Buffer.from(base64, "base64")).digest("hex");
}

export async function decideEmqxAuthn(
  input: unknown,
  directory: EmqxAccessDirectory,
  settings: EmqxAccessSettings,
): Promise<EmqxDecision<EmqxAuthnResponse>> {
  const request = ZEmqxAuthnRequest.parse(input);
  const now = settings.now?.() ?? new Date();
  const mtlsZone = settings.mtlsZone ?? "mtls";
  const pskZone = settings.pskZone ?? "psk";

  if (request.zone === mtlsZone) {
    const cn = request.cert_common_name;
    if (!cn) return deny("no client certificate CN");
    if (request.clientid !== cn) return deny("client id differs from the certificate CN");
    if (request.username && request.username !== cn) return deny("username differs from the certificate CN");
    const device = await directory.findDevice(cn);
    if (!device) return deny("no such device");
    if (!CONNECTABLE.has(device.status)) return deny(`device is ${device.status}`);
    const fingerprint = certificateFingerprint(request.cert_pem);
    const certificate = fingerprint
      ? await directory.findCertificateByFingerprint(fingerprint)
      : await directory.findCurrentCertificate(cn, now);
    if (!certificate || certificate.deviceId !== device.id) return deny("certificate not issued to this device");
    if (certificate.revokedAt) return deny("certificate revoked");
    const expireAt = Math.floor(certificate.expiresAt.getTime() / 1000);
    if (expireAt <= Math.floor(now.getTime() / 1000)) return deny("certificate expired");
    return {
      reason: "device certificate",
      response: {
        result: "allow",
        is_superuser: false,
        client_attrs: { fleet: device.fleetId },
        acl: deviceAcl(device.fleetId, device.id),
        // EMQX disconnects the client when its certificate expires (§2.2: Unix seconds).
        expire_at: expireAt,
      },
    };
  }

  if (request.zone === pskZone) {
    if (!directory.verifyPskPassword) return deny("PSK devices cannot be bound to a client id on EMQX yet");
    if (!request.clientid || request.username !== request.clientid) return deny("username must equal the client id");
    const device = await directory.findDevice(request.clientid);
    if (!device) return deny("no such device");
    if (!CONNECTABLE.has(device.status)) return deny(`device is ${device.status}`);
    if (!(await directory.verifyPskPassword(device.id, request.password))) return deny("wrong PSK credentials");
    return {
      reason: "device PSK",
      response: {
        result: "allow",
        is_superuser: false,
        client_attrs: { fleet: device.fleetId },
        acl: deviceAcl(device.fleetId, device.id),
      },
    };
  }

  // Platform services connect on the internal listener with a username and password, never a certificate.
  if (
    settings.servicePassword &&
    !request.cert_common_name &&
    request.username === settings.serviceUsername &&
    sameSecret(request.password, settings.servicePassword)
  ) {
    return { reason: "platform service", response: { result: "allow", is_superuser: false } };
  }
  return deny("unknown client");
}

export async function decideEmqxAuthz(
  input: unknown,
  directory: EmqxAccessDirectory,
  settings: Pick<EmqxAccessSettings, "serviceUsername">,
): Promise<EmqxDecision<EmqxAuthzResponse>> {
  const request = ZEmqxAuthzRequest.parse(input);
  // Authz runs only for authenticated clients, and authn gives the service username only to the
  // password holder without a certificate.
  if (request.username === settings.serviceUsername && !request.cert_common_name)
    return { reason: "platform service", response: { result: "allow" } };
  if (request.action !== "publish" && request.action !== "subscribe") return deny(`unknown action ${request.action}`);
  const deviceId = request.clientid;
  if (!deviceId || request.username !== deviceId) return deny("username differs from the client id");
  if (request.cert_common_name && request.cert_common_name !== deviceId) return deny("certificate CN differs");
  const device = await directory.findDevice(deviceId);
  if (!device) return deny("no such device");
  if (!CONNECTABLE.has(device.status)) return deny(`device is ${device.status}`);
  const topics = deviceTopics(device.fleetId, device.id);
  const allowed = request.action === "publish" ? topics.publish : topics.subscribe;
  return allowed.includes(request.topic)
    ? { reason: `own ${request.action} topic`, response: { result: "allow" } }
    : deny(`not the device's ${request.action} topic`);
}
