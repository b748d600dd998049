import { TRPCClientError } from "@trpc/client";

type ErrorData = {
  code?: string;
  httpStatus?: number;
  zodIssues?: { path: PropertyKey[]; message: string }[];
};

function dataOf(error: unknown): ErrorData | undefined {
  return error instanceof TRPCClientError ? (error.data as ErrorData | undefined) : undefined;
}

/** The tRPC code of a failed call ("FORBIDDEN", "NOT_FOUND", ...), if it came from the API. */
export function trpcErrorCode(error: unknown): string | undefined {
  return dataOf(error)?.code;
}

/** Whether retrying can help: never for the caller's own mistakes (4xx). */
export function isRetryable(error: unknown): boolean {
  const status = dataOf(error)?.httpStatus;
  return status === undefined || status >= 500;
}

/** One readable sentence for a failed call: validation issues by field, otherwise the API's message. */
export function describeTrpcError(error: unknown): string {
  const issues = dataOf(error)?.zodIssues;
  if (issues?.length) {
    return issues.map((i) => (i.path.length ? `${i.path.join(".")}: ${i.message}` : i.message)).join("; ");
  }
  if (trpcErrorCode(error) === "FORBIDDEN") return `Your role may not do this. ${errorMessage(error)}`;
  return errorMessage(error);
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
