import { randomUUID } from "node:crypto";
import { testPlatform } from "./platform.ts";
import { adminCredentials, type Credentials } from "./sign-in.ts";

/**
 * The control plane's API called directly, as a script or fleetctl would: tests use it to set up
 * what a page then shows, and to check what the API answers a role the page hides an action from.
 */
export async function apiToken(credentials: Credentials = adminCredentials): Promise<string> {
  const response = await fetch(new URL("/api/auth/session", testPlatform.urls.controlPlane), {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(credentials),
  });
  if (!response.ok) throw new Error(`sign-in as ${credentials.email} failed: HTTP ${response.status}`);
  return ((await response.json()) as { token: string }).token;
}

export type TrpcAnswer<T> = { status: number; data?: T; error?: { message: string; data?: { code?: string } } };

/** One tRPC call without batching: GET for queries, POST for mutations. */
export async function callTrpc<T = unknown>(
  token: string,
  path: string,
  input: unknown,
  type: "query" | "mutation",
): Promise<TrpcAnswer<T>> {
  const url = new URL(`/trpc/${path}`, testPlatform.urls.controlPlane);
  const headers: Record<string, string> = { authorization: `Bearer ${token}` };
  let response: Response;
  if (type === "query") {
    if (input !== undefined) url.searchParams.set("input", JSON.stringify(input));
    response = await fetch(url, { headers });
  } else {
    response = await fetch(url, {
      method: "POST",
      headers: { ...headers, "content-type": "application/json" },
      body: JSON.stringify(input ?? {}),
    });
  }
  const body = (await response.json()) as { result?: { data: T }; error?: TrpcAnswer<T>["error"] };
  return { status: response.status, data: body.result?.data, error: body.error };
}

export async function mutate<T = unknown>(token: string, path: string, input: unknown): Promise<T> {
  const answer = await callTrpc<T>(token, path, input, "mutation");
  if (answer.status !== 200) throw new Error(`${path}: HTTP ${answer.status} ${answer.error?.message}`);
  return answer.data as T;
}

export async function query<T = unknown>(token: string, path: string, input?: unknown): Promise<T> {
  const answer = await callTrpc<T>(token, path, input, "query");
  if (answer.status !== 200) throw new Error(`${path}: HTTP ${answer.status} ${answer.error?.message}`);
  return answer.data as T;
}

/** A new operator with the role, for signing in as them; unique per call so tests can run again. */
export async function createOperator(role: "admin" | "operator" | "rule_author" | "auditor"): Promise<Credentials> {
  const credentials = {
    email: `${role.replace("_", "-")}-${randomUUID().slice(0, 8)}@e2e.fleetwire.test`,
    password: `pw-${randomUUID()}`,
  };
  await mutate(await apiToken(), "operators.create", { ...credentials, role, displayName: `E2E ${role}` });
  return credentials;
}

/** A short unique suffix for names the tests create. */
export const unique = () => randomUUID().slice(0, 8);
