import { z } from "zod";

/** At most this many buckets per series: a chart has no use for more points than pixels. */
export const MAX_TELEMETRY_BUCKETS = 5_000;

export const ZTelemetrySeriesRequest = z
  .object({
    deviceId: z.string().min(1).max(200),
    metric: z.string().min(1).max(200),
    from: z.coerce.date(),
    to: z.coerce.date(),
    /** Bucket width in seconds. */
    bucketSeconds: z
      .number()
      .int()
      .min(1)
      .max(31 * 86_400),
  })
  .refine((r) => r.to > r.from, { message: "`to` must be after `from`", path: ["to"] })
  .refine((r) => (r.to.getTime() - r.from.getTime()) / 1000 / r.bucketSeconds <= MAX_TELEMETRY_BUCKETS, {
    message: `at most ${MAX_TELEMETRY_BUCKETS} buckets: widen the bucket or narrow the range`,
    path: ["bucketSeconds"],
  });
export type TTelemetrySeriesRequest = z.input<typeof ZTelemetrySeriesRequest>;
