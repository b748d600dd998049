import { describe, expect, it } from "vitest";
import { computeDelta } from "./compute-delta.ts";
import { applyMergePatch } from "./merge-patch.ts";
import { applyShadowPatch, documentBytes, EMPTY_SHADOW } from "./shadow-document.ts";

describe("applyMergePatch (RFC 7396)", () => {
  // The examples of RFC 7396, appendix A.
  it.each([
    [{ a: "b" }, { a: "c" }, { a: "c" }],
    [{ a: "b" }, { b: "c" }, { a: "b", b: "c" }],
    [{ a: "b" }, { a: null }, {}],
    [{ a: "b", b: "c" }, { a: null }, { b: "c" }],
    [{ a: ["b"] }, { a: "c" }, { a: "c" }],
    [{ a: "c" }, { a: ["b"] }, { a: ["b"] }],
    [{ a: { b: "c" } }, { a: { b: "d", c: null } }, { a: { b: "d" } }],
    [{ a: [{ b: "c" }] }, { a: [1] }, { a: [1] }],
    [
      ["a", "b"],
      ["c", "d"],
      ["c", "d"],
    ],
    [{ a: "b" }, ["c"], ["c"]],
    [{ a: "foo" }, null, null],
    [{ a: "foo" }, "bar", "bar"],
    [{ e: null }, { a: 1 }, { e: null, a: 1 }],
    [[1, 2], { a: "b", c: null }, { a: "b" }],
    [{}, { a: { bb: { ccc: null } } }, { a: { bb: {} } }],
  ])("%j + %j = %j", (target, patch, expected) => {
    expect(applyMergePatch(target as never, patch as never)).toEqual(expected);
  });

  it("does not modify its inputs", () => {
    const target = { a: { b: 1 } };
    applyMergePatch(target, { a: { b: 2 } });
    expect(target).toEqual({ a: { b: 1 } });
  });
});

describe("computeDelta", () => {
  it("holds desired keys the reported state does not match, comparing objects key by key", () => {
    expect(
      computeDelta(
        { led: { color: "red", on: true }, rate: 5, tags: ["a"], same: 1 },
        { led: { color: "blue", on: true, brightness: 3 }, rate: 5, tags: ["a", "b"], same: 1, extra: true },
      ),
    ).toEqual({ led: { color: "red" }, tags: ["a"] });
    expect(computeDelta({ a: 1 }, { a: 1 })).toEqual({});
    expect(computeDelta({ a: { b: 1 } }, {})).toEqual({ a: { b: 1 } });
  });
});

describe("applyShadowPatch", () => {
  const t1 = new Date("2026-11-25T10:00:00.000Z");
  const t2 = new Date("2026-11-25T10:00:05.000Z");

  it("bumps the version, stamps patched keys, and marks desired keys applied when the report matches", () => {
    const desired = applyShadowPatch(EMPTY_SHADOW, "desired", { rate: 10, led: "red" }, t1);
    expect(desired.version).toBe(1);
    expect(desired.metadata.desired).toEqual({
      rate: { updatedAt: t1.toISOString() },
      led: { updatedAt: t1.toISOString() },
    });
    const reported = applyShadowPatch(desired, "reported", { rate: 10, led: "blue" }, t2);
    expect(reported.version).toBe(2);
    expect(reported.metadata.reported.rate).toEqual({ updatedAt: t2.toISOString() });
    expect(reported.metadata.desired.rate).toEqual({ updatedAt: t1.toISOString(), appliedAt: t2.toISOString() });
    expect(reported.metadata.desired.led).toEqual({ updatedAt: t1.toISOString() });
    expect(computeDelta(reported.desired, reported.reported)).toEqual({ led: "red" });
  });

  it("null removes a key and its metadata; a changed desired key loses appliedAt", () => {
    let doc = applyShadowPatch(EMPTY_SHADOW, "desired", { a: 1, b: 2 }, t1);
    doc = applyShadowPatch(doc, "reported", { a: 1 }, t1);
    expect(doc.metadata.desired.a?.appliedAt).toBe(t1.toISOString());
    doc = applyShadowPatch(doc, "desired", { a: 3, b: null }, t2);
    expect(doc.desired).toEqual({ a: 3 });
    expect(doc.metadata.desired).toEqual({ a: { updatedAt: t2.toISOString() } });
  });

  it("measures the stored document", () => {
    expect(documentBytes({ desired: { a: 1 }, reported: {} })).toBe('{"desired":{"a":1},"reported":{}}'.length);
  });
});
