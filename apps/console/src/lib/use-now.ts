"use client";

import { useEffect, useState } from "react";

const roundUp = (ms: number, stepMs: number) => Math.ceil(ms / stepMs) * stepMs;

/**
 * The time, rounded up to a multiple of `stepMs` and advanced every `stepMs`: a view of "the
 * last N minutes" re-renders with its new window on its own, instead of keeping the window of
 * whenever something else last re-rendered it.
 */
export function useNow(stepMs: number): number {
  const [now, setNow] = useState(() => roundUp(Date.now(), stepMs));
  useEffect(() => {
    const timer = setInterval(() => setNow(roundUp(Date.now(), stepMs)), stepMs);
    return () => clearInterval(timer);
  }, [stepMs]);
  return now;
}
