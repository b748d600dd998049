import { validateRuleDocument } from "@fleetwire/rules";
import { ZValidateRuleRequest } from "@fleetwire/rules-store/schemas";
import { procedure } from "../../trpc/init.ts";

/** The editor's check: `{ ok: true }` or `{ ok: false, errors }` with paths and positions. */
export const validateRuleRoute = procedure("rule:read")
  .input(ZValidateRuleRequest)
  .mutation(({ input }) => {
    const result = validateRuleDocument(input.document);
    return result.ok ? { ok: true as const, errors: [] } : result;
  });
