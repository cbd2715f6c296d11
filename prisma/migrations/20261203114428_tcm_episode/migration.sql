-- CreateEnum
CREATE TYPE "MdmLevel" AS ENUM ('STRAIGHTFORWARD', 'LOW', 'MODERATE', 'HIGH');

-- AlterTable
ALTER TABLE "Episode" ADD COLUMN     "tcmMdmLevel" "MdmLevel",
ADD COLUMN     "tcmMdmRecordedAt" TIMESTAMP(3),
ADD COLUMN     "tcmMdmRecordedById" TEXT,
ADD COLUMN     "tcmMedRecAt" TIMESTAMP(3),
ADD COLUMN     "tcmMedRecById" TEXT;

-- CreateIndex
CREATE INDEX "Episode_dischargedAt_idx" ON "Episode"("dischargedAt");


-- Live updates for the TCM view: a visit completed or booked changes an episode's TCM status.
-- Named for this feature so another migration's own trigger on "Appointment" cannot clash with it.
CREATE TRIGGER "Appointment_changed_tcm" AFTER INSERT OR UPDATE OR DELETE ON "Appointment"
  FOR EACH STATEMENT EXECUTE FUNCTION "sequora_notify_change"();
