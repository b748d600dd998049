-- CreateSchema
CREATE SCHEMA IF NOT EXISTS "public";

-- CreateEnum
CREATE TYPE "operator_role" AS ENUM ('admin', 'operator', 'rule_author', 'auditor');

-- CreateEnum
CREATE TYPE "outlier_policy" AS ENUM ('flag', 'quarantine');

-- CreateEnum
CREATE TYPE "device_status" AS ENUM ('registered', 'provisioned', 'active', 'suspended', 'revoked');

-- CreateEnum
CREATE TYPE "shadow_section" AS ENUM ('desired', 'reported');

-- CreateEnum
CREATE TYPE "actor_type" AS ENUM ('operator', 'api_token', 'device', 'system');

-- CreateEnum
CREATE TYPE "command_status" AS ENUM ('queued', 'delivered', 'succeeded', 'failed', 'expired');

-- CreateEnum
CREATE TYPE "alert_severity" AS ENUM ('info', 'warning', 'critical');

-- CreateEnum
CREATE TYPE "alert_status" AS ENUM ('active', 'resolved');

-- CreateEnum
CREATE TYPE "audit_outcome" AS ENUM ('success', 'denied', 'failure');

-- CreateTable
CREATE TABLE "organisations" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "name" TEXT NOT NULL,
    "slug" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "organisations_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "operators" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "organisation_id" UUID NOT NULL,
    "email" TEXT NOT NULL,
    "display_name" TEXT,
    "password_hash" TEXT,
    "role" "operator_role" NOT NULL,
    "disabled" BOOLEAN NOT NULL DEFAULT false,
    "last_login_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "operators_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "api_tokens" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "operator_id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "token_hash" TEXT NOT NULL,
    "prefix" TEXT NOT NULL,
    "last_used_at" TIMESTAMPTZ(3),
    "expires_at" TIMESTAMPTZ(3),
    "revoked_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "api_tokens_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "fleets" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "organisation_id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "slug" TEXT NOT NULL,
    "description" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "fleets_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "device_models" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "organisation_id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "description" TEXT,
    "telemetry_schema" JSONB NOT NULL,
    "schema_version" INTEGER NOT NULL DEFAULT 1,
    "default_fleet_id" UUID,
    "outlier_policy" "outlier_policy" NOT NULL DEFAULT 'flag',
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "device_models_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "devices" (
    "id" TEXT NOT NULL,
    "fleet_id" UUID NOT NULL,
    "model_id" UUID NOT NULL,
    "firmware_version" TEXT,
    "status" "device_status" NOT NULL DEFAULT 'registered',
    "online" BOOLEAN NOT NULL DEFAULT false,
    "provisioned_at" TIMESTAMPTZ(3),
    "last_seen_at" TIMESTAMPTZ(3),
    "attributes" JSONB NOT NULL DEFAULT '{}',
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "devices_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "device_events" (
    "id" BIGSERIAL NOT NULL,
    "device_id" TEXT NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "kind" TEXT NOT NULL,
    "details" JSONB NOT NULL DEFAULT '{}',

    CONSTRAINT "device_events_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "device_certificates" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "serial" TEXT NOT NULL,
    "device_id" TEXT NOT NULL,
    "fingerprint" TEXT NOT NULL,
    "pem" TEXT NOT NULL,
    "issued_at" TIMESTAMPTZ(3) NOT NULL,
    "expires_at" TIMESTAMPTZ(3) NOT NULL,
    "revoked_at" TIMESTAMPTZ(3),
    "revocation_reason" SMALLINT,
    "revoked_by" UUID,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "device_certificates_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "device_psks" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "device_id" TEXT NOT NULL,
    "identity" TEXT NOT NULL,
    "encrypted_key" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "revoked_at" TIMESTAMPTZ(3),
    "revoked_by" UUID,
    "revocation_reason" TEXT,

    CONSTRAINT "device_psks_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "trusted_manufacturer_cas" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "organisation_id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "pem" TEXT NOT NULL,
    "subject" TEXT NOT NULL,
    "fingerprint" TEXT NOT NULL,
    "not_before" TIMESTAMPTZ(3) NOT NULL,
    "not_after" TIMESTAMPTZ(3) NOT NULL,
    "model_id" UUID,
    "fleet_id" UUID,
    "is_test" BOOLEAN NOT NULL DEFAULT false,
    "created_by" UUID,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "disabled_at" TIMESTAMPTZ(3),

    CONSTRAINT "trusted_manufacturer_cas_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "certificate_revocation_lists" (
    "number" BIGINT NOT NULL,
    "this_update" TIMESTAMPTZ(3) NOT NULL,
    "next_update" TIMESTAMPTZ(3) NOT NULL,
    "der" BYTEA NOT NULL,
    "pem" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "certificate_revocation_lists_pkey" PRIMARY KEY ("number")
);

-- CreateTable
CREATE TABLE "routing_rules" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "fleet_id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "description" TEXT,
    "priority" INTEGER NOT NULL DEFAULT 100,
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "current_version" INTEGER NOT NULL DEFAULT 1,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "routing_rules_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "rule_versions" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "rule_id" UUID NOT NULL,
    "version" INTEGER NOT NULL,
    "document" JSONB NOT NULL,
    "comment" TEXT,
    "author_id" UUID,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "rule_versions_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "shadows" (
    "device_id" TEXT NOT NULL,
    "reported" JSONB NOT NULL DEFAULT '{}',
    "desired" JSONB NOT NULL DEFAULT '{}',
    "metadata" JSONB NOT NULL DEFAULT '{}',
    "version" INTEGER NOT NULL DEFAULT 0,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "shadows_pkey" PRIMARY KEY ("device_id")
);

-- CreateTable
CREATE TABLE "shadow_changes" (
    "id" BIGSERIAL NOT NULL,
    "device_id" TEXT NOT NULL,
    "version" INTEGER NOT NULL,
    "section" "shadow_section" NOT NULL,
    "patch" JSONB NOT NULL,
    "actor_type" "actor_type" NOT NULL,
    "actor_id" TEXT,
    "at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "shadow_changes_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "commands" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "device_id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "params" JSONB NOT NULL DEFAULT '{}',
    "status" "command_status" NOT NULL DEFAULT 'queued',
    "ttl_seconds" INTEGER NOT NULL,
    "expires_at" TIMESTAMPTZ(3) NOT NULL,
    "idempotency_key" TEXT,
    "correlation_id" TEXT NOT NULL DEFAULT gen_random_uuid()::text,
    "created_by" UUID,
    "queued_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "delivered_at" TIMESTAMPTZ(3),
    "succeeded_at" TIMESTAMPTZ(3),
    "failed_at" TIMESTAMPTZ(3),
    "expired_at" TIMESTAMPTZ(3),
    "response" JSONB,
    "error" TEXT,

    CONSTRAINT "commands_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "alerts" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "device_id" TEXT NOT NULL,
    "rule_id" UUID,
    "rule_version" INTEGER,
    "severity" "alert_severity" NOT NULL,
    "message" TEXT NOT NULL,
    "dedup_key" TEXT NOT NULL,
    "status" "alert_status" NOT NULL DEFAULT 'active',
    "first_seen_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "last_seen_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "count" INTEGER NOT NULL DEFAULT 1,
    "last_message_id" TEXT,
    "details" JSONB NOT NULL DEFAULT '{}',
    "resolved_at" TIMESTAMPTZ(3),
    "resolved_by" UUID,

    CONSTRAINT "alerts_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "audit_log" (
    "id" BIGSERIAL NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "actor_type" "actor_type" NOT NULL,
    "actor_id" TEXT,
    "action" TEXT NOT NULL,
    "target_type" TEXT,
    "target_id" TEXT,
    "outcome" "audit_outcome" NOT NULL,
    "reason" TEXT,
    "details" JSONB NOT NULL DEFAULT '{}',
    "source_ip" TEXT,

    CONSTRAINT "audit_log_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "telemetry" (
    "device_id" TEXT NOT NULL,
    "metric_name" TEXT NOT NULL,
    "value" DOUBLE PRECISION NOT NULL,
    "unit" TEXT,
    "recorded_at" TIMESTAMPTZ(3) NOT NULL,
    "message_id" TEXT NOT NULL,
    "received_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateIndex
CREATE UNIQUE INDEX "organisations_slug_key" ON "organisations"("slug");

-- CreateIndex
CREATE UNIQUE INDEX "operators_email_key" ON "operators"("email");

-- CreateIndex
CREATE INDEX "operators_organisation_id_idx" ON "operators"("organisation_id");

-- CreateIndex
CREATE UNIQUE INDEX "api_tokens_token_hash_key" ON "api_tokens"("token_hash");

-- CreateIndex
CREATE INDEX "api_tokens_operator_id_idx" ON "api_tokens"("operator_id");

-- CreateIndex
CREATE UNIQUE INDEX "fleets_organisation_id_slug_key" ON "fleets"("organisation_id", "slug");

-- CreateIndex
CREATE UNIQUE INDEX "device_models_organisation_id_name_key" ON "device_models"("organisation_id", "name");

-- CreateIndex
CREATE INDEX "devices_fleet_id_status_idx" ON "devices"("fleet_id", "status");

-- CreateIndex
CREATE INDEX "devices_model_id_idx" ON "devices"("model_id");

-- CreateIndex
CREATE INDEX "devices_last_seen_at_idx" ON "devices"("last_seen_at" DESC);

-- CreateIndex
CREATE INDEX "device_events_device_id_at_idx" ON "device_events"("device_id", "at" DESC);

-- CreateIndex
CREATE UNIQUE INDEX "device_certificates_serial_key" ON "device_certificates"("serial");

-- CreateIndex
CREATE UNIQUE INDEX "device_certificates_fingerprint_key" ON "device_certificates"("fingerprint");

-- CreateIndex
CREATE INDEX "device_certificates_device_id_issued_at_idx" ON "device_certificates"("device_id", "issued_at" DESC);

-- CreateIndex
CREATE INDEX "device_certificates_revoked_at_idx" ON "device_certificates"("revoked_at");

-- CreateIndex
CREATE UNIQUE INDEX "device_psks_identity_key" ON "device_psks"("identity");

-- CreateIndex
CREATE INDEX "device_psks_device_id_idx" ON "device_psks"("device_id");

-- CreateIndex
CREATE INDEX "trusted_manufacturer_cas_fingerprint_idx" ON "trusted_manufacturer_cas"("fingerprint");

-- CreateIndex
CREATE INDEX "trusted_manufacturer_cas_model_id_idx" ON "trusted_manufacturer_cas"("model_id");

-- CreateIndex
CREATE INDEX "trusted_manufacturer_cas_fleet_id_idx" ON "trusted_manufacturer_cas"("fleet_id");

-- CreateIndex
CREATE INDEX "routing_rules_fleet_id_enabled_priority_idx" ON "routing_rules"("fleet_id", "enabled", "priority");

-- CreateIndex
CREATE UNIQUE INDEX "routing_rules_fleet_id_name_key" ON "routing_rules"("fleet_id", "name");

-- CreateIndex
CREATE UNIQUE INDEX "rule_versions_rule_id_version_key" ON "rule_versions"("rule_id", "version");

-- CreateIndex
CREATE INDEX "shadow_changes_device_id_at_idx" ON "shadow_changes"("device_id", "at" DESC);

-- CreateIndex
CREATE UNIQUE INDEX "commands_correlation_id_key" ON "commands"("correlation_id");

-- CreateIndex
CREATE INDEX "commands_device_id_status_expires_at_idx" ON "commands"("device_id", "status", "expires_at");

-- CreateIndex
CREATE INDEX "commands_device_id_queued_at_idx" ON "commands"("device_id", "queued_at" DESC);

-- CreateIndex
CREATE UNIQUE INDEX "commands_device_id_idempotency_key_key" ON "commands"("device_id", "idempotency_key");

-- CreateIndex
CREATE INDEX "alerts_status_last_seen_at_idx" ON "alerts"("status", "last_seen_at" DESC);

-- CreateIndex
CREATE INDEX "alerts_device_id_last_seen_at_idx" ON "alerts"("device_id", "last_seen_at" DESC);

-- CreateIndex
CREATE INDEX "alerts_dedup_key_idx" ON "alerts"("dedup_key");

-- CreateIndex
CREATE INDEX "audit_log_at_idx" ON "audit_log"("at" DESC);

-- CreateIndex
CREATE INDEX "audit_log_target_type_target_id_at_idx" ON "audit_log"("target_type", "target_id", "at" DESC);

-- CreateIndex
CREATE INDEX "audit_log_actor_type_actor_id_at_idx" ON "audit_log"("actor_type", "actor_id", "at" DESC);

-- CreateIndex
CREATE INDEX "audit_log_action_at_idx" ON "audit_log"("action", "at" DESC);

-- CreateIndex
CREATE INDEX "telemetry_device_metric_time_idx" ON "telemetry"("device_id", "metric_name", "recorded_at" DESC);

-- CreateIndex
CREATE UNIQUE INDEX "telemetry_idempotency_key" ON "telemetry"("device_id", "metric_name", "recorded_at", "message_id");

-- AddForeignKey
ALTER TABLE "operators" ADD CONSTRAINT "operators_organisation_id_fkey" FOREIGN KEY ("organisation_id") REFERENCES "organisations"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "api_tokens" ADD CONSTRAINT "api_tokens_operator_id_fkey" FOREIGN KEY ("operator_id") REFERENCES "operators"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "fleets" ADD CONSTRAINT "fleets_organisation_id_fkey" FOREIGN KEY ("organisation_id") REFERENCES "organisations"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "device_models" ADD CONSTRAINT "device_models_organisation_id_fkey" FOREIGN KEY ("organisation_id") REFERENCES "organisations"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "device_models" ADD CONSTRAINT "device_models_default_fleet_id_fkey" FOREIGN KEY ("default_fleet_id") REFERENCES "fleets"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "devices" ADD CONSTRAINT "devices_fleet_id_fkey" FOREIGN KEY ("fleet_id") REFERENCES "fleets"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "devices" ADD CONSTRAINT "devices_model_id_fkey" FOREIGN KEY ("model_id") REFERENCES "device_models"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "device_events" ADD CONSTRAINT "device_events_device_id_fkey" FOREIGN KEY ("device_id") REFERENCES "devices"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "device_certificates" ADD CONSTRAINT "device_certificates_device_id_fkey" FOREIGN KEY ("device_id") REFERENCES "devices"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "device_certificates" ADD CONSTRAINT "device_certificates_revoked_by_fkey" FOREIGN KEY ("revoked_by") REFERENCES "operators"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "device_psks" ADD CONSTRAINT "device_psks_device_id_fkey" FOREIGN KEY ("device_id") REFERENCES "devices"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "device_psks" ADD CONSTRAINT "device_psks_revoked_by_fkey" FOREIGN KEY ("revoked_by") REFERENCES "operators"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "trusted_manufacturer_cas" ADD CONSTRAINT "trusted_manufacturer_cas_organisation_id_fkey" FOREIGN KEY ("organisation_id") REFERENCES "organisations"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "trusted_manufacturer_cas" ADD CONSTRAINT "trusted_manufacturer_cas_model_id_fkey" FOREIGN KEY ("model_id") REFERENCES "device_models"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "trusted_manufacturer_cas" ADD CONSTRAINT "trusted_manufacturer_cas_fleet_id_fkey" FOREIGN KEY ("fleet_id") REFERENCES "fleets"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "trusted_manufacturer_cas" ADD CONSTRAINT "trusted_manufacturer_cas_created_by_fkey" FOREIGN KEY ("created_by") REFERENCES "operators"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "routing_rules" ADD CONSTRAINT "routing_rules_fleet_id_fkey" FOREIGN KEY ("fleet_id") REFERENCES "fleets"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "rule_versions" ADD CONSTRAINT "rule_versions_rule_id_fkey" FOREIGN KEY ("rule_id") REFERENCES "routing_rules"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "rule_versions" ADD CONSTRAINT "rule_versions_author_id_fkey" FOREIGN KEY ("author_id") REFERENCES "operators"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "shadows" ADD CONSTRAINT "shadows_device_id_fkey" FOREIGN KEY ("device_id") REFERENCES "devices"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "shadow_changes" ADD CONSTRAINT "shadow_changes_device_id_fkey" FOREIGN KEY ("device_id") REFERENCES "devices"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "commands" ADD CONSTRAINT "commands_device_id_fkey" FOREIGN KEY ("device_id") REFERENCES "devices"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "commands" ADD CONSTRAINT "commands_created_by_fkey" FOREIGN KEY ("created_by") REFERENCES "operators"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "alerts" ADD CONSTRAINT "alerts_device_id_fkey" FOREIGN KEY ("device_id") REFERENCES "devices"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "alerts" ADD CONSTRAINT "alerts_rule_id_fkey" FOREIGN KEY ("rule_id") REFERENCES "routing_rules"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "alerts" ADD CONSTRAINT "alerts_resolved_by_fkey" FOREIGN KEY ("resolved_by") REFERENCES "operators"("id") ON DELETE SET NULL ON UPDATE CASCADE;


-- Hand-written below: what Prisma's schema language cannot express (see schema.prisma comments).

-- An alert is de-duplicated only while it is active; a resolved one may recur as a new row.
CREATE UNIQUE INDEX "alerts_active_dedup_key" ON "alerts"("dedup_key") WHERE "status" = 'active';

-- The audit log is append-only: rows can be added, never changed or removed.
CREATE FUNCTION "audit_log_refuse_change"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'audit_log is append-only: % refused', TG_OP USING ERRCODE = 'insufficient_privilege';
END;
$$;

CREATE TRIGGER "audit_log_append_only"
  BEFORE UPDATE OR DELETE ON "audit_log"
  FOR EACH ROW EXECUTE FUNCTION "audit_log_refuse_change"();

CREATE TRIGGER "audit_log_no_truncate"
  BEFORE TRUNCATE ON "audit_log"
  FOR EACH STATEMENT EXECUTE FUNCTION "audit_log_refuse_change"();
