-- DropIndex
DROP INDEX "telemetry_device_metric_time_idx";

