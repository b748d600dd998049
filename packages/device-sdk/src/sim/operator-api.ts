/**
 * The few operator API calls the simulator's setup makes, over the control plane's HTTP tRPC
 * endpoint (the same calls fleetctl and the console make), signed in as the platform admin.
 */
export class OperatorApi {
  private constructor(
    private readonly baseUrl: string,
    private readonly token: string,
  ) {}

  static async signIn(baseUrl: string, credentials: { email: string; password: string }): Promise<OperatorApi> {
    const res = await fetch(`${baseUrl}/api/auth/session`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(credentials),
    });
    const body = (await res.json().catch(() => ({}))) as { token?: string; error?: { message?: string } };
    if (!res.ok || !body.token) {
      throw new Error(`signing in to ${baseUrl} as ${credentials.email}: ${body.error?.message ?? res.status}`);
    }
    return new OperatorApi(baseUrl, body.token);
  }

  query<T>(path: string, input: unknown = {}): Promise<T> {
    return this.call<T>(`${path}?input=${encodeURIComponent(JSON.stringify(input))}`, { method: "GET" });
  }

  mutate<T>(path: string, input: unknown): Promise<T> {
    return this.call<T>(path, { method: "POST", body: JSON.stringify(input) });
  }

  private async call<T>(path: string, init: RequestInit): Promise<T> {
    const res = await fetch(`${this.baseUrl}/trpc/${path}`, {
      ...init,
      headers: { authorization: `Bearer ${this.token}`, "content-type": "application/json" },
    });
    const body = (await res.json()) as { result?: { data: T }; error?: { message?: string } };
    if (!res.ok || !body.result) throw new Error(`${path.split("?")[0]}: ${body.error?.message ?? res.status}`);
    return body.result.data;
  }
}
