import { ok, reject, type StepResult } from "../pipeline/step-result.ts";

export type DeviceStatus = "registered" | "provisioned" | "active" | "suspended" | "revoked";

/** What ingest needs to know about a device: where its data goes and how it is checked. */
export interface DeviceEntry {
  id: string;
  fleetId: string;
  modelId: string;
  modelSchemaVersion: number;
  status: DeviceStatus;
}

export type LoadDevice = (deviceId: string) => Promise<DeviceEntry | null>;

/** Statuses whose telemetry is accepted. Registered devices have no credentials yet. */
export const INGEST_STATUSES: ReadonlySet<DeviceStatus> = new Set(["provisioned", "active"]);

interface Cached {
  entry: DeviceEntry | null;
  expiresAt: number;
}

/**
 * Device lookups with a short-TTL cache: every message needs one, and a few seconds of staleness
 * is the price of not asking PostgreSQL per message. Revocation does not rely on this TTL alone:
 * `forget(deviceId)` is called when a revocation is announced (see revocation-listener.ts).
 * Concurrent lookups of one device share a single query.
 */
export class DeviceDirectory {
  private readonly cache = new Map<string, Cached>();
  private readonly loading = new Map<string, Promise<DeviceEntry | null>>();

  constructor(
    private readonly load: LoadDevice,
    private readonly options: { ttlMs: number; maxEntries: number } = { ttlMs: 5_000, maxEntries: 100_000 },
  ) {}

  async lookup(deviceId: string): Promise<DeviceEntry | null> {
    const now = Date.now();
    const cached = this.cache.get(deviceId);
    if (cached && cached.expiresAt > now) return cached.entry;
    let pending = this.loading.get(deviceId);
    if (!pending) {
      pending = this.load(deviceId)
        .then((entry) => {
          if (this.cache.size >= this.options.maxEntries) this.evictExpired();
          this.cache.set(deviceId, { entry, expiresAt: Date.now() + this.options.ttlMs });
          return entry;
        })
        .finally(() => this.loading.delete(deviceId));
      this.loading.set(deviceId, pending);
    }
    return pending;
  }

  /** The device, if it exists and may send telemetry (optionally: into this fleet). */
  async requireIngestable(deviceId: string, fleetId?: string): Promise<StepResult<DeviceEntry>> {
    const device = await this.lookup(deviceId);
    if (!device) return reject("unknown_device", `device ${deviceId} is not registered`);
    if (!INGEST_STATUSES.has(device.status)) {
      return reject("device_inactive", `device ${deviceId} is ${device.status}`);
    }
    if (fleetId !== undefined && fleetId !== device.fleetId) {
      return reject("device_mismatch", `device ${deviceId} does not belong to fleet ${fleetId}`);
    }
    return ok(device);
  }

  forget(deviceId: string): void {
    this.cache.delete(deviceId);
  }

  clear(): void {
    this.cache.clear();
  }

  private evictExpired() {
    const now = Date.now();
    for (const [id, cached] of this.cache) if (cached.expiresAt <= now) this.cache.delete(id);
    // Still full: drop the oldest insertions (Map keeps insertion order).
    for (const id of this.cache.keys()) {
      if (this.cache.size < this.options.maxEntries) break;
      this.cache.delete(id);
    }
  }
}
