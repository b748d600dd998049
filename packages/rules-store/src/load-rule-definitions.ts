import type { PrismaClient } from "@fleetwire/db";
import type { RuleDefinition } from "@fleetwire/rules";

/**
 * Every enabled rule of every organisation with its current document: what a rules worker
 * compiles. Rules are few (hundreds) next to messages, so a worker reloads them all on any change.
 */
export async function loadEnabledRuleDefinitions(prisma: PrismaClient): Promise<RuleDefinition[]> {
  const rows = await prisma.routingRule.findMany({
    where: { enabled: true },
    select: {
      id: true,
      fleetId: true,
      name: true,
      priority: true,
      enabled: true,
      currentVersion: true,
      versions: { select: { version: true, document: true }, orderBy: { version: "desc" }, take: 1 },
    },
  });
  return rows.flatMap((row) => {
    const current = row.versions[0];
    if (!current) return [];
    return [
      {
        id: row.id,
        fleetId: row.fleetId,
        name: row.name,
        priority: row.priority,
        enabled: row.enabled,
        version: current.version,
        document: current.document,
      },
    ];
  });
}

/**
 * A cheap fingerprint of the rules table (count and latest change), so workers can poll for a
 * change they were not told about (a lost rules.updates record) without reloading every time.
 */
export async function rulesFingerprint(prisma: PrismaClient): Promise<string> {
  const [row] = await prisma.$queryRaw<{ n: bigint; latest: Date | null }[]>`
    SELECT count(*) AS n, max(updated_at) AS latest FROM routing_rules`;
  return `${row?.n ?? 0}|${row?.latest?.toISOString() ?? ""}`;
}
