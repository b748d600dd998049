import { AppError } from "@fleetwire/core";
import type { Prisma, PrismaClient } from "@fleetwire/db";
import { type Actor, auditedChange, getFleetOrThrow } from "@fleetwire/registry";
import type { TRuleUpdate } from "@fleetwire/rules";
import type { TCreateRuleRequest, TSetRuleEnabledRequest, TUpdateRuleRequest } from "./rule.schema.ts";
import { acceptRuleDocument } from "./rule-document-input.ts";
import type { RuleUpdateAnnouncer } from "./rule-update-announcer.ts";
import { ruleInclude, toRule } from "./rule-view.ts";

export interface RuleChangeDeps {
  prisma: PrismaClient;
  /** Told after the change committed; omitted, the workers find the change on their next poll. */
  announce?: RuleUpdateAnnouncer;
}

const nameTaken = (name: string) => `the fleet already has a rule named "${name}"`;

async function announce(deps: RuleChangeDeps, update: TRuleUpdate) {
  await deps.announce?.(update);
}

async function ruleInOrganisation(tx: Prisma.TransactionClient, actor: Actor, ruleId: string) {
  // Row lock: concurrent saves of one rule queue up, so versions stay 1, 2, 3... without gaps.
  await tx.$queryRaw`SELECT 1 FROM routing_rules WHERE id = ${ruleId}::uuid FOR UPDATE`;
  const row = await tx.routingRule.findFirst({
    where: { id: ruleId, fleet: { organisationId: actor.organisationId } },
  });
  if (!row) throw new AppError("NOT_FOUND", `no rule with id ${ruleId}`, { ruleId });
  return row;
}

/** A new rule with version 1 of its document; refused with the validator's errors when invalid. */
export async function createRule(deps: RuleChangeDeps, actor: Actor, input: TCreateRuleRequest) {
  const rule = await auditedChange(
    deps.prisma,
    actor,
    {
      action: "rule.create",
      targetOf: (r: { id: string }) => ({ type: "routing_rule", id: r.id }),
      details: { fleetId: input.fleetId, name: input.name },
      conflictMessage: nameTaken(input.name),
    },
    async (tx) => {
      const document = acceptRuleDocument(input.document);
      await getFleetOrThrow(tx, actor, { fleetId: input.fleetId });
      const taken = await tx.routingRule.findUnique({
        where: { fleetId_name: { fleetId: input.fleetId, name: input.name } },
      });
      if (taken) throw new AppError("CONFLICT", nameTaken(input.name), { name: input.name });
      const created = await tx.routingRule.create({
        data: {
          fleetId: input.fleetId,
          name: input.name,
          description: input.description || null,
          priority: input.priority ?? 100,
          enabled: input.enabled ?? true,
          currentVersion: 1,
          versions: { create: { version: 1, document, comment: input.comment || null, authorId: actor.operatorId } },
        },
        include: ruleInclude,
      });
      return toRule(created);
    },
  );
  await announce(deps, { ruleId: rule.id, version: 1, fleetId: rule.fleet.id, action: "created" });
  return rule;
}

/**
 * Changes a rule. A new document becomes a new version (history is never rewritten); name,
 * description and priority change in place. Refuses an invalid document with the validator's
 * errors in the error details.
 */
export async function updateRule(deps: RuleChangeDeps, actor: Actor, input: TUpdateRuleRequest) {
  const { ruleId, document: documentInput, comment, ...changes } = input;
  const rule = await auditedChange(
    deps.prisma,
    actor,
    {
      action: "rule.update",
      target: { type: "routing_rule", id: ruleId },
      details: { changes, newVersion: documentInput !== undefined, comment },
      conflictMessage: nameTaken(changes.name ?? ""),
    },
    async (tx) => {
      const document = documentInput === undefined ? undefined : acceptRuleDocument(documentInput);
      const current = await ruleInOrganisation(tx, actor, ruleId);
      if (changes.name && changes.name !== current.name) {
        const taken = await tx.routingRule.findUnique({
          where: { fleetId_name: { fleetId: current.fleetId, name: changes.name } },
        });
        if (taken) throw new AppError("CONFLICT", nameTaken(changes.name), { name: changes.name });
      }
      const version = document === undefined ? current.currentVersion : current.currentVersion + 1;
      if (document !== undefined) {
        await tx.ruleVersion.create({
          data: { ruleId, version, document, comment: comment || null, authorId: actor.operatorId },
        });
      }
      const updated = await tx.routingRule.update({
        where: { id: ruleId },
        data: {
          currentVersion: version,
          ...(changes.name !== undefined && { name: changes.name }),
          ...(changes.description !== undefined && { description: changes.description || null }),
          ...(changes.priority !== undefined && { priority: changes.priority }),
        },
        include: ruleInclude,
      });
      return toRule(updated);
    },
  );
  await announce(deps, { ruleId, version: rule.currentVersion, fleetId: rule.fleet.id, action: "updated" });
  return rule;
}

export async function setRuleEnabled(deps: RuleChangeDeps, actor: Actor, input: TSetRuleEnabledRequest) {
  const rule = await auditedChange(
    deps.prisma,
    actor,
    {
      action: input.enabled ? "rule.enable" : "rule.disable",
      target: { type: "routing_rule", id: input.ruleId },
    },
    async (tx) => {
      await ruleInOrganisation(tx, actor, input.ruleId);
      const updated = await tx.routingRule.update({
        where: { id: input.ruleId },
        data: { enabled: input.enabled },
        include: ruleInclude,
      });
      return toRule(updated);
    },
  );
  await announce(deps, {
    ruleId: rule.id,
    version: rule.currentVersion,
    fleetId: rule.fleet.id,
    action: input.enabled ? "enabled" : "disabled",
  });
  return rule;
}
