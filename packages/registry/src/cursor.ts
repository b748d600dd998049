import { AppError } from "@fleetwire/core";

/**
 * Opaque pagination cursors: the key of the last row a page returned, base64url-encoded so callers
 * treat it as a token and the key can change without breaking them.
 */
export function encodeCursor(key: string): string {
  return Buffer.from(JSON.stringify({ k: key })).toString("base64url");
}

export function decodeCursor(cursor: string): string {
  try {
    const parsed = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8")) as { k?: unknown };
    if (typeof parsed.k === "string") return parsed.k;
  } catch {}
  throw new AppError("BAD_REQUEST", "the cursor is not one this API returned", { field: "cursor" });
}
