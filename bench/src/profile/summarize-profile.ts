import type { CpuProfile } from "./inspector-profiler.ts";

export interface SelfTimeEntry {
  function: string;
  location: string;
  selfMs: number;
  percent: number;
}

/** Where a frame's code lives, short: "kafkajs/src/producer/...", "apps/ingest-bridge/src/...", "(native)". */
export function shortLocation(url: string, line: number): string {
  if (!url) return "(native)";
  const path = url.replace(/^file:\/\//, "");
  const pnpm = /node_modules\/\.pnpm\/[^/]+\/node_modules\/(.+)$/.exec(path);
  const rel = pnpm?.[1] ?? /\/work\/main\/(.+)$/.exec(path)?.[1] ?? path.replace(/^node:/, "node:");
  return `${rel}:${line + 1}`;
}

/** The package or workspace folder a frame belongs to, for a per-component breakdown. */
export function componentOf(url: string): string {
  if (!url) return "(native, GC, idle)";
  if (url.startsWith("node:")) return "node core";
  const pnpm = /node_modules\/\.pnpm\/[^/]+\/node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (pnpm?.[1]) return pnpm[1];
  const ws = /\/work\/main\/((?:apps|packages)\/[^/]+)/.exec(url);
  return ws?.[1] ?? "other";
}

/**
 * Self time per function (samples where the function was on top of the stack), biggest first, and
 * per component. "(idle)" and "(program)" are V8's names for waiting and for native work outside JS.
 */
export function summarizeProfile(profile: CpuProfile, top = 15) {
  const totalMs = (profile.endTime - profile.startTime) / 1000;
  const deltas = profile.timeDeltas ?? [];
  const selfUs = new Map<number, number>();
  (profile.samples ?? []).forEach((nodeId, i) => {
    selfUs.set(nodeId, (selfUs.get(nodeId) ?? 0) + (deltas[i + 1] ?? deltas[i] ?? 0));
  });
  const byFunction = new Map<string, SelfTimeEntry>();
  const byComponent = new Map<string, number>();
  let idleMs = 0;
  for (const node of profile.nodes) {
    const ms = (selfUs.get(node.id) ?? 0) / 1000;
    if (ms === 0) continue;
    const { functionName, url, lineNumber } = node.callFrame;
    if (functionName === "(idle)") {
      idleMs += ms;
      continue;
    }
    const name = functionName || "(anonymous)";
    const location = shortLocation(url, lineNumber);
    const key = `${name}@${location}`;
    const entry = byFunction.get(key) ?? { function: name, location, selfMs: 0, percent: 0 };
    entry.selfMs += ms;
    byFunction.set(key, entry);
    const component = functionName === "(garbage collector)" ? "(garbage collector)" : componentOf(url);
    byComponent.set(component, (byComponent.get(component) ?? 0) + ms);
  }
  const busyMs = totalMs - idleMs;
  const functions = [...byFunction.values()]
    .map((e) => ({ ...e, selfMs: Math.round(e.selfMs), percent: Math.round((e.selfMs / busyMs) * 1000) / 10 }))
    .sort((a, b) => b.selfMs - a.selfMs)
    .slice(0, top);
  const components = [...byComponent]
    .map(([component, ms]) => ({ component, selfMs: Math.round(ms), percent: Math.round((ms / busyMs) * 1000) / 10 }))
    .sort((a, b) => b.selfMs - a.selfMs)
    .slice(0, top);
  return {
    totalMs: Math.round(totalMs),
    busyMs: Math.round(busyMs),
    busyPercent: Math.round((busyMs / totalMs) * 100),
    functions,
    components,
  };
}
