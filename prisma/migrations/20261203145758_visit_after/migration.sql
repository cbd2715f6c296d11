-- AlterTable
ALTER TABLE "CheckIn" ADD COLUMN     "afterVisit" TEXT,
ADD COLUMN     "appointmentId" TEXT;

-- AlterTable
ALTER TABLE "Appointment" ADD COLUMN     "outcomeAt" TIMESTAMP(3),
ADD COLUMN     "outcomeById" TEXT,
ADD COLUMN     "outcomeSource" TEXT,
ADD COLUMN     "rideBookedAt" TIMESTAMP(3);

-- CreateIndex
CREATE UNIQUE INDEX "CheckIn_appointmentId_afterVisit_key" ON "CheckIn"("appointmentId", "afterVisit");

