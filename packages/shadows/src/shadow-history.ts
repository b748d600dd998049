import { AppError } from "@fleetwire/core";
import { resolveShadowDevice } from "./resolve-device.ts";
import { type TShadowChange, type TShadowHistoryRequest, ZShadowHistoryRequest } from "./schemas.ts";
import type { ShadowActor, ShadowDeps } from "./shadow-deps.ts";

/** The shadow's change history, newest first: every desired and reported patch, who made it, the version it produced. */
export async function listShadowHistory(
  deps: ShadowDeps,
  actor: ShadowActor,
  request: TShadowHistoryRequest,
): Promise<{ items: TShadowChange[]; nextCursor: string | null }> {
  const input = ZShadowHistoryRequest.parse(request);
  const device = await resolveShadowDevice(deps.prisma, actor, input.deviceId);
  let before: bigint | undefined;
  if (input.cursor) {
    if (!/^\d{1,19}$/.test(input.cursor)) throw new AppError("BAD_REQUEST", "the cursor is not one this API returned");
    before = BigInt(input.cursor);
  }
  const rows = await deps.prisma.shadowChange.findMany({
    where: {
      deviceId: device.id,
      ...(input.section ? { section: input.section } : {}),
      ...(before !== undefined ? { id: { lt: before } } : {}),
    },
    orderBy: { id: "desc" },
    take: input.limit + 1,
  });
  const page = rows.slice(0, input.limit);
  return {
    items: page.map((row) => ({
      id: row.id.toString(),
      version: row.version,
      section: row.section,
      patch: row.patch as Record<string, unknown>,
      actor: { type: row.actorType, id: row.actorId },
      at: row.at.toISOString(),
    })),
    nextCursor: rows.length > input.limit ? (page.at(-1)?.id.toString() ?? null) : null,
  };
}
