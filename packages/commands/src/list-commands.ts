import { AppError } from "@fleetwire/core";
import type { CommandDeps, OperatorActor } from "./command-deps.ts";
import { toCommandView } from "./command-view.ts";
import { requireOperatorDevice } from "./resolve-device.ts";
import { type TCommandView, type TListCommandsRequest, ZListCommandsRequest } from "./schemas.ts";

/** A device's commands, newest first, optionally of one status; `nextCursor` pages on. */
export async function listCommands(
  deps: CommandDeps,
  actor: OperatorActor,
  request: TListCommandsRequest,
): Promise<{ items: TCommandView[]; nextCursor: string | null }> {
  const input = ZListCommandsRequest.parse(request);
  const device = await requireOperatorDevice(deps.prisma, actor.organisationId, input.deviceId);
  const after = input.cursor ? decodeCursor(input.cursor) : undefined;
  const rows = await deps.prisma.command.findMany({
    where: {
      deviceId: device.id,
      ...(input.status ? { status: input.status } : {}),
      ...(after
        ? { OR: [{ queuedAt: { lt: after.queuedAt } }, { queuedAt: after.queuedAt, id: { lt: after.id } }] }
        : {}),
    },
    orderBy: [{ queuedAt: "desc" }, { id: "desc" }],
    take: input.limit + 1,
  });
  const page = rows.slice(0, input.limit);
  const last = page.at(-1);
  return {
    items: page.map(toCommandView),
    nextCursor:
      rows.length > input.limit && last
        ? Buffer.from(JSON.stringify([last.queuedAt.toISOString(), last.id])).toString("base64url")
        : null,
  };
}

function decodeCursor(cursor: string): { queuedAt: Date; id: string } {
  try {
    const [at, id] = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8")) as [string, string];
    const queuedAt = new Date(at);
    if (typeof id === "string" && !Number.isNaN(queuedAt.getTime())) return { queuedAt, id };
  } catch {}
  throw new AppError("BAD_REQUEST", "the cursor is not one this API returned", { field: "cursor" });
}

/** One command of the operator's organisation, or 404. */
export async function getCommandOrThrow(
  deps: CommandDeps,
  actor: OperatorActor,
  commandId: string,
): Promise<TCommandView> {
  const row = await deps.prisma.command.findFirst({
    where: { id: commandId, device: { fleet: { organisationId: actor.organisationId } } },
  });
  if (!row) throw new AppError("NOT_FOUND", `no command ${commandId}`, { reason: "unknown_command" });
  return toCommandView(row);
}
