import { z } from "zod";

/** Client-safe request schemas for trusted manufacturer (bootstrap) CAs. */
export const ZTrustManufacturerCaRequest = z
  .object({
    /** Defaults to the certificate's subject common name. */
    name: z.string().trim().min(1).max(120).optional(),
    pem: z
      .string()
      .min(1, "paste the CA certificate in PEM")
      .max(64 * 1024),
    modelId: z.uuid().optional(),
    fleetId: z.uuid().optional(),
  })
  .refine((r) => (r.modelId === undefined) !== (r.fleetId === undefined), {
    message: "trust the CA for exactly one device model or one fleet",
    path: ["modelId"],
  });
export type TTrustManufacturerCaRequest = z.infer<typeof ZTrustManufacturerCaRequest>;

export const ZListManufacturerCasRequest = z.object({
  modelId: z.uuid().optional(),
  fleetId: z.uuid().optional(),
  /** Removed CAs stay on record for the audit trail; they are hidden unless asked for. */
  includeRemoved: z.boolean().optional(),
});
export type TListManufacturerCasRequest = z.infer<typeof ZListManufacturerCasRequest>;

export const ZRemoveManufacturerCaRequest = z.object({ caId: z.uuid() });
export type TRemoveManufacturerCaRequest = z.infer<typeof ZRemoveManufacturerCaRequest>;
