import { z } from "zod";

/** The control plane's `GET /health` answer (200 when ok, 503 when degraded). */
export const ZPlatformHealth = z.object({
  status: z.enum(["ok", "degraded"]),
  services: z.record(z.string(), z.object({ ok: z.boolean(), detail: z.string() })),
});
export type TPlatformHealth = z.infer<typeof ZPlatformHealth>;

/** What the console's `/api/platform/health` answers when the control plane cannot be asked. */
export const ZPlatformHealthError = z.object({ error: z.object({ code: z.string(), message: z.string() }) });
