import type { UseQueryResult } from "@tanstack/react-query";
import type { ReactNode } from "react";
import { EmptyState } from "./empty-state.tsx";
import { ErrorPanel } from "./error-panel.tsx";
import { LoadingRows } from "./loading-rows.tsx";

type Props<T, E> = {
  query: UseQueryResult<T, E>;
  /** Names what is loading, e.g. "fleets": used in the loading and error messages. */
  what: string;
  isEmpty?: (data: T) => boolean;
  empty?: ReactNode;
  children: (data: T) => ReactNode;
};

/** The same loading, error and empty states on every page; children render the data. */
export function QueryView<T, E>({ query, what, isEmpty, empty, children }: Props<T, E>) {
  if (query.isPending) return <LoadingRows label={`Loading ${what}…`} />;
  if (query.isError) {
    return (
      <ErrorPanel
        title={`Could not load ${what}`}
        error={query.error}
        onRetry={() => void query.refetch()}
        retrying={query.isFetching}
      />
    );
  }
  if (isEmpty?.(query.data)) return empty ?? <EmptyState title={`No ${what} yet`} />;
  return children(query.data);
}
