import { AppError } from "@fleetwire/core";
import type { PrismaClient } from "@fleetwire/db";
import type { Actor } from "@fleetwire/registry";
import type { Redis } from "ioredis";
import {
  type TGetRuleRequest,
  type TListRulesRequest,
  type TRuleDiffRequest,
  type TRuleVersionsRequest,
  ZListRulesRequest,
} from "./rule.schema.ts";
import { readRuleMetrics } from "./rule-metrics.ts";
import { ruleInclude, toRule, toRuleVersion, versionInclude } from "./rule-view.ts";

/** The caller's organisation's rules: other organisations' rules do not exist for them. */
const inOrganisation = (actor: Actor) => ({ fleet: { organisationId: actor.organisationId } });

/**
 * The caller's rules in evaluation order (priority, then name), each with its status and the
 * per-rule metrics the workers keep in Redis (zeros when Redis is not given or has none).
 */
export async function listRules(
  deps: { prisma: PrismaClient; redis?: Redis },
  actor: Actor,
  request: TListRulesRequest = {},
) {
  const input = ZListRulesRequest.parse(request);
  const rows = await deps.prisma.routingRule.findMany({
    where: {
      ...inOrganisation(actor),
      ...(input.fleetId && { fleetId: input.fleetId }),
      ...(input.enabled !== undefined && { enabled: input.enabled }),
      ...(input.search && { name: { contains: input.search, mode: "insensitive" } }),
    },
    include: ruleInclude,
    orderBy: [{ priority: "asc" }, { name: "asc" }, { id: "asc" }],
  });
  const metrics = deps.redis
    ? await readRuleMetrics(
        deps.redis,
        rows.map((r) => r.id),
      )
    : new Map();
  const empty = { matches: 0, errors: 0, lastMatchAt: null, lastErrorAt: null, lastError: null };
  return rows.map((row) => toRule(row, metrics.get(row.id) ?? empty));
}

async function ruleRowOrThrow(prisma: PrismaClient, actor: Actor, ruleId: string) {
  const row = await prisma.routingRule.findFirst({
    where: { id: ruleId, ...inOrganisation(actor) },
    include: ruleInclude,
  });
  if (!row) throw new AppError("NOT_FOUND", `no rule with id ${ruleId}`, { ruleId });
  return row;
}

/** One rule with its whole version history, newest first. */
export async function getRuleOrThrow(
  deps: { prisma: PrismaClient; redis?: Redis },
  actor: Actor,
  input: TGetRuleRequest,
) {
  const row = await ruleRowOrThrow(deps.prisma, actor, input.ruleId);
  const metrics = deps.redis ? (await readRuleMetrics(deps.redis, [row.id])).get(row.id) : undefined;
  const versions = await listRuleVersions(deps.prisma, actor, input);
  return { ...toRule(row, metrics), versions };
}

export async function listRuleVersions(prisma: PrismaClient, actor: Actor, input: TRuleVersionsRequest) {
  await ruleRowOrThrow(prisma, actor, input.ruleId);
  const rows = await prisma.ruleVersion.findMany({
    where: { ruleId: input.ruleId },
    include: versionInclude,
    orderBy: { version: "desc" },
  });
  return rows.map(toRuleVersion);
}

/** Two versions' documents side by side; the console renders the diff. */
export async function diffRuleVersions(prisma: PrismaClient, actor: Actor, input: TRuleDiffRequest) {
  await ruleRowOrThrow(prisma, actor, input.ruleId);
  const rows = await prisma.ruleVersion.findMany({
    where: { ruleId: input.ruleId, version: { in: [input.from, input.to] } },
    include: versionInclude,
  });
  const pick = (version: number) => {
    const row = rows.find((r) => r.version === version);
    if (!row) throw new AppError("NOT_FOUND", `rule ${input.ruleId} has no version ${version}`, { version });
    return toRuleVersion(row);
  };
  return { ruleId: input.ruleId, from: pick(input.from), to: pick(input.to) };
}
