import { describeCrl, ensureCurrentCrl } from "@fleetwire/identity";
import { procedure } from "../../trpc/init.ts";

/** The current CRL and its entries with device, who, when and why (the console's Certificates page). */
export const getCrlRoute = procedure("device:read").query(async ({ ctx }) => {
  const identity = await ctx.identity();
  const current = await ensureCurrentCrl(identity);
  const described = await describeCrl(ctx.prisma, current);
  // Entries of the caller's organisation only.
  const mine = new Set(
    (
      await ctx.prisma.device.findMany({
        where: {
          id: { in: described.entries.map((e) => e.deviceId) },
          fleet: { organisationId: ctx.caller.organisationId },
        },
        select: { id: true },
      })
    ).map((d) => d.id),
  );
  return { ...described, entries: described.entries.filter((e) => mine.has(e.deviceId)), pem: current.pem };
});
