"use client";

import { useEffect, useState } from "react";

/** The value once it stopped changing for `ms`: a search box asks the API once per pause, not per key. */
export function useDebouncedValue<T>(value: T, ms = 300): T {
  const [debounced, setDebounced] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setDebounced(value), ms);
    return () => clearTimeout(timer);
  }, [value, ms]);
  return debounced;
}
