import { performance } from "node:perf_hooks";
import { setTimeout as sleep } from "node:timers/promises";
import type { FleetwireDevice } from "../fleetwire-device.ts";

/** Unacknowledged messages one device may have in flight before it waits (QoS 1 window). */
const MAX_IN_FLIGHT = 64;

export interface SimulationResult {
  devices: number;
  published: number;
  failed: number;
  errors: Record<string, number>;
  elapsedMs: number;
  /** Acknowledged messages per second, all devices together. */
  achievedRate: number;
  targetRate: number;
}

/**
 * Every device publishes `rate` telemetry messages per second (QoS 1, each acknowledged by the
 * broker) until it sent `countPerDevice` or `durationSeconds` passed. Messages are paced by the
 * clock, not by acknowledgements, up to a window of unacknowledged ones per device.
 */
export async function runSimulation(
  devices: FleetwireDevice[],
  plan: { rate: number; countPerDevice: number; durationSeconds: number },
): Promise<SimulationResult> {
  const errors: Record<string, number> = {};
  let published = 0;
  let failed = 0;
  const interval = 1000 / plan.rate;
  const start = performance.now();
  const deadline = start + plan.durationSeconds * 1000;

  const one = async (device: FleetwireDevice, offset: number) => {
    const inFlight = new Set<Promise<void>>();
    const t0 = start + offset;
    let sent = 0;
    while (sent < plan.countPerDevice && performance.now() < deadline) {
      const now = performance.now();
      const due = Math.min(plan.countPerDevice, Math.floor((now - t0) / interval) + 1);
      while (sent < due && inFlight.size < MAX_IN_FLIGHT) {
        sent++;
        const metrics = { temperature: 15 + Math.random() * 15, humidity: Math.round(Math.random() * 100) };
        const p: Promise<void> = device.publishTelemetry(metrics).then(
          () => {
            published++;
          },
          (error: Error) => {
            failed++;
            const key = error.message.slice(0, 120);
            errors[key] = (errors[key] ?? 0) + 1;
          },
        );
        inFlight.add(p);
        void p.finally(() => inFlight.delete(p));
      }
      if (inFlight.size >= MAX_IN_FLIGHT) await Promise.race(inFlight);
      else await sleep(Math.max(1, t0 + sent * interval - performance.now()));
    }
    // Wait for the last acknowledgements, but not for ever.
    await Promise.race([Promise.allSettled([...inFlight]), sleep(10_000)]);
  };

  // Devices start spread over one interval, so a fleet does not publish in lockstep.
  await Promise.all(devices.map((d) => one(d, Math.random() * Math.min(interval, 1000))));
  const elapsedMs = performance.now() - start;
  return {
    devices: devices.length,
    published,
    failed,
    errors,
    elapsedMs,
    achievedRate: published / (elapsedMs / 1000),
    targetRate: plan.rate * devices.length,
  };
}
