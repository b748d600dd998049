import { pbkdf2Sync, randomBytes } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import type { PlatformConfig } from "@fleetwire/config";
import { writeAtomic } from "@fleetwire/pki";
import { z } from "zod";
import { mosquittoPaths } from "./mosquitto-paths.ts";

/** The MQTT username of platform services (ingest bridge, control plane) on the service listener. */
export const SERVICE_USERNAME = "fleetwire-service";
export const SERVICE_ROLE = "fleetwire-service";
/** The dynamic-security admin topic (shared/reference/mosquitto-2.0.md). */
export const DYNSEC_TOPIC = "$CONTROL/dynamic-security/v1";

const ZAcl = z.object({ acltype: z.string(), topic: z.string(), allow: z.boolean() }).loose();
const ZDynsecFile = z
  .object({
    clients: z.array(z.object({ username: z.string() }).loose()).default([]),
    groups: z.array(z.object({ groupname: z.string() }).loose()).default([]),
    roles: z.array(z.object({ rolename: z.string(), acls: z.array(ZAcl).default([]) }).loose()).default([]),
    defaultACLAccess: z.record(z.string(), z.boolean()).optional(),
  })
  .loose();
type DynsecFile = z.infer<typeof ZDynsecFile>;

/**
 * Topic access by default: nothing may be published or subscribed unless a role allows it.
 * Receiving stays allowed because a client only receives what it was allowed to subscribe to.
 */
const DEFAULT_ACL_ACCESS = {
  publishClientSend: false,
  publishClientReceive: true,
  subscribe: false,
  unsubscribe: true,
};

/** Platform services: every device topic, shared subscriptions, $SYS and the dynsec admin topic. */
const SERVICE_ACLS = ["#", "$SYS/#", `${DYNSEC_TOPIC}/#`].flatMap((topic) =>
  ["publishClientSend", "publishClientReceive", "subscribePattern", "unsubscribePattern"].map((acltype) => ({
    acltype,
    topic,
    allow: true,
  })),
);

/**
 * The dynamic-security plugin's state file. Device clients and roles are created at run time by
 * the control plane over $CONTROL (packages: infra mosquitto-broker-profile.ts) and the plugin
 * saves them here, so this keeps them and only (re)writes the service client, its role and the
 * default access. Called while the broker is stopped (before startMosquitto).
 */
export function ensureDynsecFile(config: Pick<PlatformConfig, "stateDir" | "mqtt" | "pki">, servicePassword: string) {
  const file = mosquittoPaths(config).dynsecFile;
  const current: DynsecFile = existsSync(file)
    ? ZDynsecFile.parse(JSON.parse(readFileSync(file, "utf8")))
    : { clients: [], groups: [], roles: [] };
  const salt = randomBytes(12);
  const iterations = 101;
  const service = {
    username: SERVICE_USERNAME,
    textname: "Fleetwire platform services",
    password: pbkdf2Sync(servicePassword, salt, iterations, 64, "sha512").toString("base64"),
    salt: salt.toString("base64"),
    iterations,
    roles: [{ rolename: SERVICE_ROLE, priority: 0 }],
  };
  const next: DynsecFile = {
    ...current,
    clients: [...current.clients.filter((c) => c.username !== SERVICE_USERNAME), service],
    roles: [
      ...current.roles.filter((r) => r.rolename !== SERVICE_ROLE),
      { rolename: SERVICE_ROLE, acls: SERVICE_ACLS },
    ],
    defaultACLAccess: DEFAULT_ACL_ACCESS,
  };
  writeAtomic(file, `${JSON.stringify(next, null, 2)}\n`, 0o600);
  return file;
}
