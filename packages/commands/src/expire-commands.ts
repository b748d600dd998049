import type { PrismaClient } from "@fleetwire/db";

/**
 * Marks every queued command whose TTL has passed as expired, with the time. The broker already
 * drops their MQTT messages (message expiry) and the HTTP pending list never returns them, so an
 * expired command is never delivered; this makes the status say so.
 */
export async function expireCommands(prisma: Pick<PrismaClient, "command">, now = new Date()): Promise<number> {
  const result = await prisma.command.updateMany({
    where: { status: "queued", expiresAt: { lte: now } },
    data: { status: "expired", expiredAt: now },
  });
  return result.count;
}

/** Runs `expireCommands` every `intervalMs` until the returned function is called. */
export function startCommandExpirySweeper(
  prisma: Pick<PrismaClient, "command">,
  options: { intervalMs?: number; log?: { warn: (obj: object, msg: string) => void } } = {},
): () => Promise<void> {
  let running: Promise<unknown> = Promise.resolve();
  const timer = setInterval(() => {
    running = expireCommands(prisma).catch((err) => options.log?.warn({ err }, "command expiry sweep failed"));
  }, options.intervalMs ?? 1_000);
  timer.unref();
  return async () => {
    clearInterval(timer);
    await running;
  };
}
