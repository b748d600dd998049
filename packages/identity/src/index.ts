/**
 * @fleetwire/identity: device identity as plain async functions, transport-agnostic (the control
 * plane's device HTTPS endpoint, operator API and tRPC routes, fleetctl and tests call them).
 */
export * from "./device-psk.ts";
export * from "./identity-deps.ts";
export * from "./issue-operational-certificate.ts";
export * from "./list-certificates.ts";
export * from "./provision-device.ts";
export * from "./publish-crl.ts";
export * from "./rate-limit.ts";
export * from "./renew-device-certificate.ts";
export * from "./revocation-notice.ts";
export * from "./revoke-device-certificate.ts";
export * from "./schemas.ts";
export * from "./sync-broker.ts";
