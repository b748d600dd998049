/**
 * Where to go after signing in: only a path on this console, never another site, whatever the
 * query string says: an absolute URL (next-auth passes them) is reduced to its path on this console.
 */
export function safeCallbackPath(raw: string | undefined): string {
  if (!raw) return "/";
  let candidate = raw;
  try {
    const url = new URL(raw, "http://console.invalid");
    candidate = url.origin === "http://console.invalid" ? raw : `${url.pathname}${url.search}`;
    if (!/^https?:$/.test(url.protocol)) return "/";
  } catch {
    return "/";
  }
  if (!candidate.startsWith("/") || candidate.startsWith("//") || candidate.startsWith("/\\")) return "/";
  if (candidate.startsWith("/signin")) return "/";
  return candidate;
}
