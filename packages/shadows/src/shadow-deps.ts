import type { BrokerProfile } from "@fleetwire/broker";
import type { PrismaClient } from "@fleetwire/db";
import type { ShadowCache } from "./shadow-cache.ts";

/** What the shadow functions need; the control plane builds it once per process. */
export interface ShadowDeps {
  prisma: PrismaClient;
  /** Publishes deltas to devices; without it changes are stored but not pushed (tests, tools). */
  broker?: Pick<BrokerProfile, "publish">;
  /** Redis read cache; without it every read goes to PostgreSQL. */
  cache?: ShadowCache;
  limits?: Partial<ShadowLimits>;
  log?: { warn: (obj: object, msg: string) => void };
}

export interface ShadowLimits {
  /** Desired plus reported, serialised as JSON (AWS IoT allows 8 KiB; we allow more). */
  maxDocumentBytes: number;
  /** Nesting depth of a patch. */
  maxDepth: number;
}

export const DEFAULT_SHADOW_LIMITS: ShadowLimits = { maxDocumentBytes: 16 * 1024, maxDepth: 12 };

/** Who is reading or changing a shadow: an operator of an organisation, or the device itself. */
export type ShadowActor =
  | { type: "operator"; operatorId: string; organisationId: string; sourceIp?: string }
  | { type: "device"; deviceId: string; sourceIp?: string };
