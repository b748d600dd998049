import type { Prisma } from "@fleetwire/db";
import { validateRuleDocument } from "@fleetwire/rules";
import type { RuleMetrics } from "./rule-metrics.ts";

export const ruleInclude = {
  fleet: { select: { id: true, name: true, slug: true } },
  versions: { orderBy: { version: "desc" }, take: 1 },
} satisfies Prisma.RoutingRuleInclude;
export type RuleRow = Prisma.RoutingRuleGetPayload<{ include: typeof ruleInclude }>;

/**
 * enabled/disabled as set; "invalid" when the current document no longer passes the validator
 * (say, after a DSL change): the workers skip such a rule even while it is enabled.
 */
export type RuleStatus = "enabled" | "disabled" | "invalid";

export function toRule(row: RuleRow, metrics?: RuleMetrics) {
  const current = row.versions[0];
  const document = (current?.document ?? null) as unknown;
  const valid = document !== null && validateRuleDocument(document).ok;
  const status: RuleStatus = !valid ? "invalid" : row.enabled ? "enabled" : "disabled";
  return {
    id: row.id,
    fleet: row.fleet,
    name: row.name,
    description: row.description,
    priority: row.priority,
    enabled: row.enabled,
    status,
    currentVersion: row.currentVersion,
    document,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
    ...(metrics ? { metrics } : {}),
  };
}
export type RuleView = ReturnType<typeof toRule>;

export const versionInclude = { author: { select: { id: true, email: true } } } satisfies Prisma.RuleVersionInclude;
type VersionRow = Prisma.RuleVersionGetPayload<{ include: typeof versionInclude }>;

export function toRuleVersion(row: VersionRow) {
  return {
    version: row.version,
    document: row.document as unknown,
    comment: row.comment,
    author: row.author,
    createdAt: row.createdAt.toISOString(),
  };
}
export type RuleVersionView = ReturnType<typeof toRuleVersion>;
