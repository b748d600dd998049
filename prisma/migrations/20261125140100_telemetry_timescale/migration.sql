-- Telemetry becomes a TimescaleDB hypertable on recorded_at, compressed after 7 days, where the
-- extension can be used (production). Elsewhere (plain PostgreSQL, as on development machines)
-- the table from the init migration stays as it is, with the same columns and indexes, so every
-- query works on both. Plain SQL in a DO block so that this runs unchanged through
-- packages/db's runner and through `prisma migrate deploy`.
DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_available_extensions WHERE name = 'timescaledb') THEN
    RAISE NOTICE 'timescaledb is not available: telemetry stays a plain PostgreSQL table';
    RETURN;
  END IF;

  -- Where the extension is installed but not preloaded (shared_preload_libraries), this fails
  -- loudly on purpose: a half-configured TimescaleDB is an operator error, not a fallback case.
  CREATE EXTENSION IF NOT EXISTS timescaledb;

  -- No default indexes: the unique idempotency key and (device_id, metric_name, recorded_at DESC)
  -- from the init migration serve both variants, so the two keep identical indexes.
  PERFORM create_hypertable('telemetry', 'recorded_at',
    chunk_time_interval => INTERVAL '1 day',
    create_default_indexes => false,
    if_not_exists => true,
    migrate_data => true);

  ALTER TABLE telemetry SET (
    timescaledb.compress,
    timescaledb.compress_segmentby = 'device_id, metric_name',
    timescaledb.compress_orderby = 'recorded_at DESC'
  );

  PERFORM add_compression_policy('telemetry', INTERVAL '7 days', if_not_exists => true);
END;
$$;
