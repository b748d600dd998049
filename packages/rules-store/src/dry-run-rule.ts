import { AppError } from "@fleetwire/core";
import type { PrismaClient } from "@fleetwire/db";
import type { Actor } from "@fleetwire/registry";
import { dryRun } from "@fleetwire/rules";
import type { Redis } from "ioredis";
import { readRecentMessages } from "./recent-messages.ts";
import { type TDryRunRequest, ZDryRunRequest } from "./rule.schema.ts";

/**
 * What a draft rule would do to each message, routing nothing: given samples, or the recent
 * messages of one of the caller's devices or fleets (the ring buffer the rules workers fill,
 * newest first). An invalid draft answers `{ ok: false, errors }` with the validator's errors, as
 * the editor wants them, rather than failing the call.
 */
export async function dryRunRule(deps: { prisma: PrismaClient; redis?: Redis }, actor: Actor, request: TDryRunRequest) {
  const input = ZDryRunRequest.parse(request);
  let messages: unknown[];
  let source: "samples" | "device" | "fleet" = "samples";
  if (input.source) {
    if ("deviceId" in input.source) {
      source = "device";
      const device = await deps.prisma.device.findFirst({
        where: { id: input.source.deviceId, fleet: { organisationId: actor.organisationId } },
        select: { id: true },
      });
      if (!device) throw new AppError("NOT_FOUND", `no device with id ${input.source.deviceId}`);
    } else {
      source = "fleet";
      const fleet = await deps.prisma.fleet.findFirst({
        where: { id: input.source.fleetId, organisationId: actor.organisationId },
        select: { id: true },
      });
      if (!fleet) throw new AppError("NOT_FOUND", `no fleet with id ${input.source.fleetId}`);
    }
    if (!deps.redis) throw new AppError("UNAVAILABLE", "recent messages are not available (no Redis)");
    messages = await readRecentMessages(deps.redis, input.source, input.limit);
  } else {
    messages = input.messages ?? [];
  }
  const result = dryRun({ document: input.document }, messages);
  return result.ok ? { ok: true as const, source, messages, results: result.results } : { ...result, source, messages };
}
