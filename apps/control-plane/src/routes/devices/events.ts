import { z } from "zod";
import { procedure } from "../../trpc/init.ts";
import { requireDeviceInOrganisation } from "../device-in-organisation.ts";

export const ZListDeviceEventsRequest = z.object({
  deviceId: z.string().min(1).max(128),
  limit: z.number().int().min(1).max(200).default(50),
  /** The `nextCursor` of the previous page (`{time in ms}.{id}` of its last entry). */
  cursor: z
    .string()
    .regex(/^\d{1,15}\.\d{1,19}$/)
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
    // By when it happened, not when it was recorded: broker presence events carry the broker's
    // time and can be recorded out of order (a connect and a disconnect milliseconds apart).
    const [atMs, id] = input.cursor?.split(".") ?? [];
    const after =
      atMs !== undefined && id !== undefined
        ? { OR: [{ at: { lt: new Date(Number(atMs)) } }, { at: new Date(Number(atMs)), id: { lt: BigInt(id) } }] }
        : {};
    const rows = await ctx.prisma.deviceEvent.findMany({
      where: { deviceId: input.deviceId, ...after },
      orderBy: [{ at: "desc" }, { id: "desc" }],
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
      nextCursor: rows.length > input.limit ? cursorOf(page.at(-1)) : null,
    };
  });

const cursorOf = (row: { at: Date; id: bigint } | undefined) => (row ? `${row.at.getTime()}.${row.id}` : null);
