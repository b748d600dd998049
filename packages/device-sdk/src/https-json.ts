import { request } from "node:https";

export interface MutualTls {
  certPem: string;
  keyPem: string;
  /** The platform CA chain the server certificate must chain to. */
  caPem: string;
}

export class DeviceHttpError extends Error {
  constructor(
    readonly status: number,
    readonly body: { error?: { code?: string; message?: string; details?: Record<string, unknown> } },
    readonly retryAfterSeconds?: number,
  ) {
    super(`HTTP ${status}: ${body.error?.message ?? "request failed"}`);
    this.name = "DeviceHttpError";
  }
}

/** A JSON request over mutual TLS (what a device does on the device HTTPS endpoint). */
export function httpsJson<T>(
  url: string,
  tls: MutualTls,
  options: { method?: string; body?: unknown; timeoutMs?: number } = {},
): Promise<T> {
  const payload = options.body === undefined ? undefined : JSON.stringify(options.body);
  return new Promise<T>((resolve, reject) => {
    const req = request(
      url,
      {
        method: options.method ?? (payload ? "POST" : "GET"),
        cert: tls.certPem,
        key: tls.keyPem,
        ca: tls.caPem,
        headers: payload ? { "content-type": "application/json", "content-length": Buffer.byteLength(payload) } : {},
        timeout: options.timeoutMs ?? 15_000,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () => {
          const text = Buffer.concat(chunks).toString("utf8");
          let json: unknown = {};
          try {
            json = text ? JSON.parse(text) : {};
          } catch {
            json = { error: { message: text.slice(0, 200) } };
          }
          const status = res.statusCode ?? 0;
          if (status >= 200 && status < 300) return resolve(json as T);
          const retry = Number(res.headers["retry-after"]);
          reject(
            new DeviceHttpError(status, json as DeviceHttpError["body"], Number.isFinite(retry) ? retry : undefined),
          );
        });
      },
    );
    req.on("timeout", () => req.destroy(new Error(`no answer from ${url} in time`)));
    req.on("error", reject);
    req.end(payload);
  });
}
