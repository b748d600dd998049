import type { PrismaClient } from "@fleetwire/db";

/** What rules need to know about a device beyond its message: its model's name and outlier policy, its attributes. */
export interface DeviceFacts {
  modelName: string | null;
  outlierPolicy: "flag" | "quarantine";
  attributes: Record<string, unknown>;
}

const UNKNOWN: DeviceFacts = Object.freeze({ modelName: null, outlierPolicy: "flag", attributes: {} }) as DeviceFacts;

/**
 * Device facts by device id, loaded for a whole batch in one query and kept for `ttlMs`, so a
 * model's renamed or its outlier policy changed within a minute without a restart.
 */
export class DeviceFactsCache {
  private readonly entries = new Map<string, { facts: DeviceFacts; until: number }>();

  constructor(
    private readonly prisma: PrismaClient,
    private readonly ttlMs = 60_000,
    private readonly maxEntries = 200_000,
  ) {}

  /** Makes sure every id is cached; call once per batch before `get`. */
  async load(deviceIds: Iterable<string>): Promise<void> {
    const now = Date.now();
    const missing = [...new Set(deviceIds)].filter((id) => (this.entries.get(id)?.until ?? 0) <= now);
    if (missing.length === 0) return;
    const rows = await this.prisma.device.findMany({
      where: { id: { in: missing } },
      select: { id: true, attributes: true, model: { select: { name: true, outlierPolicy: true } } },
    });
    const found = new Map(rows.map((r) => [r.id, r]));
    for (const id of missing) {
      const row = found.get(id);
      const facts = row
        ? {
            modelName: row.model.name,
            outlierPolicy: row.model.outlierPolicy,
            attributes: (row.attributes ?? {}) as Record<string, unknown>,
          }
        : UNKNOWN;
      this.entries.delete(id);
      this.entries.set(id, { facts, until: now + this.ttlMs });
    }
    while (this.entries.size > this.maxEntries) {
      const oldest = this.entries.keys().next().value;
      if (oldest === undefined) break;
      this.entries.delete(oldest);
    }
  }

  get(deviceId: string): DeviceFacts {
    return this.entries.get(deviceId)?.facts ?? UNKNOWN;
  }
}
