import { z } from "zod";
import { procedure } from "../../trpc/init.ts";
import { requireDeviceInOrganisation } from "../device-in-organisation.ts";

export const ZListDeviceEventsRequest = z.object({
  deviceId: z.string().min(1).max(128),
  limit: z.number().int().min(1).max(200).default(50),
  /** The `nextCursor` of the previous page. */
  cursor: z
    .string()
    .regex(/^\d{1,19}$/)
    .optional(),
});

/**
 * `devices.events`: what happened to a device, newest first (provisioned, certificate revoked or
 * renewed, PSK revoked, command sent and answered), for the console's device timeline. Readable
 * with device:read, so operators see it without the audit log's permission.
 */
export const listDeviceEventsRoute = procedure("device:read")
  .input(ZListDeviceEventsRequest)
  .query(async ({ ctx, input }) => {
    await requireDeviceInOrganisation(ctx.prisma, ctx.caller, input.deviceId);
    const rows = await ctx.prisma.deviceEvent.findMany({
      where: { deviceId: input.deviceId, ...(input.cursor ? { id: { lt: BigInt(input.cursor) } } : {}) },
      orderBy: { id: "desc" },
      take: input.limit + 1,
    });
    const page = rows.slice(0, input.limit);
    return {
      items: page.map((row) => ({
        id: row.id.toString(),
        at: row.at.toISOString(),
        kind: row.kind,
        details: row.details as Record<string, unknown>,
      })),
      nextCursor: rows.length > input.limit ? (page.at(-1)?.id.toString() ?? null) : null,
    };
  });
