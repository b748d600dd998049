import { describe, expect, it } from "vitest";
import { safeCallbackPath } from "./safe-callback-path.ts";

describe("safeCallbackPath", () => {
  it("keeps a path on this console", () => {
    expect(safeCallbackPath("/devices?status=online")).toBe("/devices?status=online");
    expect(safeCallbackPath("http://127.0.0.1:3000/rules")).toBe("/rules");
  });

  it("never sends a person to another site or back to sign-in", () => {
    // Another site's URL is reduced to a path on this console.
    expect(safeCallbackPath("//evil.example/x")).toBe("/x");
    expect(safeCallbackPath("https://evil.example/x")).toBe("/x");
    for (const raw of ["/\\evil.example", "javascript:alert(1)", "/signin?x=1", "", undefined]) {
      expect(safeCallbackPath(raw)).toBe("/");
    }
  });
});
