import type { BrokerProfile } from "@fleetwire/broker";
import type { PrismaClient } from "@fleetwire/db";

/** What the command functions need; the control plane builds it once per process. */
export interface CommandDeps {
  prisma: PrismaClient;
  /** Publishes commands to devices; without it commands wait for HTTP polling. */
  broker?: Pick<BrokerProfile, "publish">;
  log?: { warn: (obj: object, msg: string) => void };
}

export type OperatorActor = { type: "operator"; operatorId: string; organisationId: string; sourceIp?: string };
export type DeviceActor = { type: "device"; deviceId: string; sourceIp?: string };
