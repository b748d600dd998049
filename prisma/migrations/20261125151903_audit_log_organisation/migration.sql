-- AlterTable
ALTER TABLE "audit_log" ADD COLUMN     "organisation_id" UUID;

-- CreateIndex
CREATE INDEX "audit_log_organisation_id_id_idx" ON "audit_log"("organisation_id", "id" DESC);

