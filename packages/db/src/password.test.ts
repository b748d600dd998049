import { describe, expect, it } from "vitest";
import { hashPassword, verifyPassword } from "./password.ts";

describe("operator passwords", () => {
  it("verifies the password it hashed, with a fresh salt each time", async () => {
    const a = await hashPassword("fleetwire-admin");
    const b = await hashPassword("fleetwire-admin");
    expect(a).toMatch(/^scrypt\$16384\$8\$1\$[A-Za-z0-9+/=]+\$[A-Za-z0-9+/=]+$/);
    expect(a).not.toBe(b);
    expect(await verifyPassword("fleetwire-admin", a)).toBe(true);
    expect(await verifyPassword("fleetwire-admin!", a)).toBe(false);
  });

  it("rejects what it did not write", async () => {
    expect(await verifyPassword("x", "")).toBe(false);
    expect(await verifyPassword("x", "bcrypt$2b$10$abc")).toBe(false);
    expect(await verifyPassword("x", "scrypt$3$8$1$c2FsdA==$aGFzaA==")).toBe(false);
  });
});
