"use client";

import { useCallback, useState } from "react";

/**
 * Page-by-page navigation over opaque cursors: the cursors of the pages seen so far, so
 * "Previous" goes back without the API supporting backwards cursors. Resets when `resetKey`
 * (the filters) changes.
 */
export function useCursorPages(resetKey: string) {
  const [state, setState] = useState<{ key: string; stack: (string | undefined)[] }>({
    key: resetKey,
    stack: [undefined],
  });
  const stack = state.key === resetKey ? state.stack : [undefined];
  const next = useCallback(
    (cursor: string) => setState({ key: resetKey, stack: [...stack, cursor] }),
    [resetKey, stack],
  );
  const previous = useCallback(
    () => setState({ key: resetKey, stack: stack.length > 1 ? stack.slice(0, -1) : stack }),
    [resetKey, stack],
  );
  return { cursor: stack.at(-1), page: stack.length, next, previous };
}
