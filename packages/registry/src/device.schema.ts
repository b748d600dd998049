import { z } from "zod";

/** Client-safe request schemas for the device list and device page. */
export const DEVICE_LIST_STATUSES = ["online", "offline", "revoked"] as const;

export const ZListDevicesRequest = z.object({
  /** Case-insensitive text in the device id or any attribute (including its name). */
  search: z.string().trim().max(200).optional(),
  /** online / offline: connection state of devices that are not revoked; revoked: revoked devices. */
  status: z.enum(DEVICE_LIST_STATUSES).optional(),
  fleetId: z.uuid().optional(),
  modelId: z.uuid().optional(),
  firmwareVersion: z.string().trim().max(100).optional(),
  cursor: z.string().max(500).optional(),
  limit: z.number().int().min(1).max(200).default(50),
});
export type TListDevicesRequest = z.input<typeof ZListDevicesRequest>;

export const ZGetDeviceRequest = z.object({ deviceId: z.string().min(1).max(200) });
export type TGetDeviceRequest = z.infer<typeof ZGetDeviceRequest>;
