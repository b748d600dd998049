import { z } from "zod";

/**
 * Client-safe request schemas for the rules API (the console's editor and forms reuse them).
 * A rule document is given as the editor's JSON text (errors then carry line/column) or as a
 * parsed object; the one validator in @fleetwire/rules judges it either way.
 */
const ZRuleName = z.string().trim().min(1, "a name is required").max(120);
const ZDescription = z.string().trim().max(2000);
export const ZRulePriority = z.number().int().min(0).max(1_000_000);
/** JSON text or a parsed document; validated by validateRuleDocument, not here. */
export const ZRuleDocumentInput = z.unknown().refine((v) => v !== undefined, "a rule document is required");
const ZComment = z.string().trim().max(500);

export const ZListRulesRequest = z.object({
  fleetId: z.uuid().optional(),
  enabled: z.boolean().optional(),
  /** Matches the name, case-insensitive. */
  search: z.string().trim().max(120).optional(),
});
export type TListRulesRequest = z.infer<typeof ZListRulesRequest>;

export const ZGetRuleRequest = z.object({ ruleId: z.uuid() });
export type TGetRuleRequest = z.infer<typeof ZGetRuleRequest>;

export const ZCreateRuleRequest = z.object({
  fleetId: z.uuid(),
  name: ZRuleName,
  description: ZDescription.optional(),
  /** Lower runs first. Default 100. */
  priority: ZRulePriority.optional(),
  enabled: z.boolean().optional(),
  document: ZRuleDocumentInput,
  /** Saved with the version, like a commit message. */
  comment: ZComment.optional(),
});
export type TCreateRuleRequest = z.infer<typeof ZCreateRuleRequest>;

export const ZUpdateRuleRequest = z.object({
  ruleId: z.uuid(),
  name: ZRuleName.optional(),
  /** null clears it. */
  description: ZDescription.nullable().optional(),
  priority: ZRulePriority.optional(),
  /** A new document makes a new version. */
  document: ZRuleDocumentInput.optional(),
  comment: ZComment.optional(),
});
export type TUpdateRuleRequest = z.infer<typeof ZUpdateRuleRequest>;

export const ZSetRuleEnabledRequest = z.object({ ruleId: z.uuid(), enabled: z.boolean() });
export type TSetRuleEnabledRequest = z.infer<typeof ZSetRuleEnabledRequest>;

export const ZRuleVersionsRequest = z.object({ ruleId: z.uuid() });
export type TRuleVersionsRequest = z.infer<typeof ZRuleVersionsRequest>;

/** Both documents come back; the console diffs them. */
export const ZRuleDiffRequest = z.object({
  ruleId: z.uuid(),
  from: z.number().int().min(1),
  to: z.number().int().min(1),
});
export type TRuleDiffRequest = z.infer<typeof ZRuleDiffRequest>;

export const ZValidateRuleRequest = z.object({ document: ZRuleDocumentInput });
export type TValidateRuleRequest = z.infer<typeof ZValidateRuleRequest>;

export const MAX_DRY_RUN_MESSAGES = 200;

/**
 * A draft against sample messages (`messages`, in the ZRuleMessage shape) or against the recent
 * messages of a device or a fleet (`source`), newest first, up to `limit`.
 */
export const ZDryRunRequest = z
  .object({
    document: ZRuleDocumentInput,
    messages: z.array(z.unknown()).min(1).max(MAX_DRY_RUN_MESSAGES).optional(),
    source: z.union([z.object({ deviceId: z.string().min(1).max(200) }), z.object({ fleetId: z.uuid() })]).optional(),
    limit: z.number().int().min(1).max(MAX_DRY_RUN_MESSAGES).default(50),
  })
  .refine((r) => (r.messages === undefined) !== (r.source === undefined), {
    message: "give either sample messages or a source (a device or a fleet), not both",
    path: ["messages"],
  });
export type TDryRunRequest = z.input<typeof ZDryRunRequest>;
