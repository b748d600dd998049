import { z } from "zod";

/** Client-safe request schemas for fleets (the console's forms reuse them). */
export const ZFleetSlug = z
  .string()
  .trim()
  .min(2, "at least 2 characters")
  .max(63)
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, "lower-case letters, digits and single hyphens, e.g. north-plant");

const ZFleetName = z.string().trim().min(1, "a name is required").max(120);
const ZDescription = z.string().trim().max(2000);

export const ZCreateFleetRequest = z.object({
  name: ZFleetName,
  slug: ZFleetSlug,
  description: ZDescription.optional(),
});
export type TCreateFleetRequest = z.infer<typeof ZCreateFleetRequest>;

export const ZUpdateFleetRequest = z.object({
  fleetId: z.uuid(),
  name: ZFleetName.optional(),
  slug: ZFleetSlug.optional(),
  /** null clears it. */
  description: ZDescription.nullable().optional(),
});
export type TUpdateFleetRequest = z.infer<typeof ZUpdateFleetRequest>;

export const ZGetFleetRequest = z.object({ fleetId: z.uuid() });
export type TGetFleetRequest = z.infer<typeof ZGetFleetRequest>;

export const ZListFleetsRequest = z.object({
  /** Matches name or slug, case-insensitive. */
  search: z.string().trim().max(120).optional(),
});
export type TListFleetsRequest = z.infer<typeof ZListFleetsRequest>;
