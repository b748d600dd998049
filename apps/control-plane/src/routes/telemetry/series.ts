import { AppError } from "@fleetwire/core";
import { queryTelemetry, sqlQueryFromPrisma } from "@fleetwire/sinks";
import { ZTelemetrySeriesRequest } from "@fleetwire/sinks/schemas";
import { procedure } from "../../trpc/init.ts";

/** One device metric per time bucket (avg/min/max/count) for the console's charts. */
export const telemetrySeriesRoute = procedure("device:read")
  .input(ZTelemetrySeriesRequest)
  .query(async ({ ctx, input }) => {
    const device = await ctx.prisma.device.findFirst({
      where: { id: input.deviceId, fleet: { organisationId: ctx.caller.organisationId } },
      select: { id: true },
    });
    if (!device) throw new AppError("NOT_FOUND", `no device with id ${input.deviceId}`, { deviceId: input.deviceId });
    return queryTelemetry(sqlQueryFromPrisma(ctx.prisma), input);
  });
