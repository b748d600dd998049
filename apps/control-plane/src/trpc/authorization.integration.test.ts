import { can, ROLES, type Role } from "@fleetwire/access";
import { disconnectPrisma } from "@fleetwire/db";
import type { AnyProcedure } from "@trpc/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestControlPlane, type TestControlPlane } from "../testing/start-test-control-plane.ts";
import type { ProcedureMeta } from "./init.ts";
import { appRouter } from "./router.ts";

/**
 * Every procedure of the operator API, including ones added after this test was written, refuses
 * an unauthenticated caller (401) and every role without its permission (403), over real HTTP.
 * The list comes from the router itself, so a new procedure is covered the day it is mounted.
 */
const procedures = Object.entries(appRouter._def.procedures as unknown as Record<string, AnyProcedure>).map(
  ([path, p]) => ({
    path,
    type: p._def.type,
    permission: (p._def.meta as ProcedureMeta | undefined)?.permission,
  }),
);

// Procedures meant to be callable without signing in. None so far: add one here only on purpose.
const PUBLIC_PROCEDURES = new Set<string>();

let cp: TestControlPlane;
const tokens = new Map<Role, string>();

beforeAll(async () => {
  cp = await startTestControlPlane();
  for (const role of ROLES) tokens.set(role, (await cp.operatorWithToken(role)).token);
});

afterAll(async () => {
  await cp?.close();
  await disconnectPrisma();
});

/** Calls a procedure the way @trpc/client does (no batching): GET for queries, POST for mutations. */
async function call(path: string, type: string, token?: string) {
  const headers: Record<string, string> = token ? { authorization: `Bearer ${token}` } : {};
  const response =
    type === "query"
      ? await fetch(`${cp.url}/trpc/${path}`, { headers })
      : await fetch(`${cp.url}/trpc/${path}`, {
          method: "POST",
          headers: { ...headers, "content-type": "application/json" },
          body: "{}",
        });
  const body = (await response.json()) as { error?: { message: string; data?: { code?: string } } };
  return { status: response.status, body };
}

describe("authorization over the whole operator API", () => {
  it("finds the procedures of the router, each declaring the permission it needs", () => {
    expect(procedures.length).toBeGreaterThan(10);
    expect(procedures.map((p) => p.path)).toEqual(expect.arrayContaining(["fleets.create", "audit.list"]));
    const undeclared = procedures.filter((p) => !p.permission && !PUBLIC_PROCEDURES.has(p.path)).map((p) => p.path);
    expect(undeclared, "procedures without procedure(permission)").toEqual([]);
  });

  it.each(procedures.filter((p) => p.permission))("$path ($type, $permission)", async ({ path, type, permission }) => {
    const anonymous = await call(path, type);
    expect(anonymous.status, `${path} without a token`).toBe(401);
    expect(anonymous.body.error?.data?.code).toBe("UNAUTHORIZED");

    const forged = await call(path, type, "fwt_not-a-real-token");
    expect(forged.status, `${path} with an unknown token`).toBe(401);

    for (const role of ROLES) {
      if (!permission || can(role, permission)) continue;
      const refused = await call(path, type, tokens.get(role));
      expect(refused.status, `${path} as ${role}`).toBe(403);
      expect(refused.body.error?.message).toBe(`the ${role} role may not do this (${permission})`);
    }
  });

  it("lets a role with the permission through (an auditor reads the audit log; an operator lists fleets)", async () => {
    expect((await call("audit.list", "query", tokens.get("auditor"))).status).toBe(200);
    expect((await call("fleets.list", "query", tokens.get("operator"))).status).toBe(200);
    // A mutation with an empty body gets past authorization to input validation.
    expect((await call("fleets.create", "mutation", tokens.get("operator"))).status).toBe(400);
  });
});
