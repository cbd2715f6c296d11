-- CreateEnum
CREATE TYPE "VisitOfferStatus" AS ENUM ('OPEN', 'PICKED', 'DECLINED', 'SUPERSEDED');

-- CreateEnum
CREATE TYPE "VisitRequestStatus" AS ENUM ('PENDING', 'APPROVED', 'REJECTED', 'CHANGE_PROPOSED', 'EXPIRED', 'CANCELED');

-- AlterTable
ALTER TABLE "Appointment" ADD COLUMN     "slotId" TEXT;

-- CreateTable
CREATE TABLE "VisitOffer" (
    "id" TEXT NOT NULL,
    "patientId" TEXT NOT NULL,
    "episodeId" TEXT NOT NULL,
    "slotIds" TEXT[],
    "status" "VisitOfferStatus" NOT NULL DEFAULT 'OPEN',
    "cause" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "respondedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "VisitOffer_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "VisitRequest" (
    "id" TEXT NOT NULL,
    "patientId" TEXT NOT NULL,
    "episodeId" TEXT NOT NULL,
    "offerId" TEXT,
    "slotId" TEXT,
    "proposedSlotId" TEXT,
    "status" "VisitRequestStatus" NOT NULL DEFAULT 'PENDING',
    "dueAt" TIMESTAMP(3) NOT NULL,
    "reason" TEXT,
    "decidedById" TEXT,
    "decidedAt" TIMESTAMP(3),
    "waitTokenId" TEXT,
    "runId" TEXT,
    "appointmentId" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "VisitRequest_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "VisitOffer_key_key" ON "VisitOffer"("key");

-- CreateIndex
CREATE INDEX "VisitOffer_patientId_status_idx" ON "VisitOffer"("patientId", "status");

-- CreateIndex
CREATE INDEX "VisitOffer_episodeId_idx" ON "VisitOffer"("episodeId");

-- CreateIndex
CREATE UNIQUE INDEX "VisitRequest_offerId_key" ON "VisitRequest"("offerId");

-- CreateIndex
CREATE UNIQUE INDEX "VisitRequest_appointmentId_key" ON "VisitRequest"("appointmentId");

-- CreateIndex
CREATE INDEX "VisitRequest_patientId_idx" ON "VisitRequest"("patientId");

-- CreateIndex
CREATE INDEX "VisitRequest_episodeId_idx" ON "VisitRequest"("episodeId");

-- CreateIndex
CREATE INDEX "VisitRequest_slotId_idx" ON "VisitRequest"("slotId");

-- CreateIndex
CREATE INDEX "VisitRequest_proposedSlotId_idx" ON "VisitRequest"("proposedSlotId");

-- CreateIndex
CREATE INDEX "VisitRequest_status_dueAt_idx" ON "VisitRequest"("status", "dueAt");

-- CreateIndex
CREATE INDEX "Appointment_slotId_idx" ON "Appointment"("slotId");

-- AddForeignKey
ALTER TABLE "Appointment" ADD CONSTRAINT "Appointment_slotId_fkey" FOREIGN KEY ("slotId") REFERENCES "Slot"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "VisitOffer" ADD CONSTRAINT "VisitOffer_patientId_fkey" FOREIGN KEY ("patientId") REFERENCES "Patient"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "VisitOffer" ADD CONSTRAINT "VisitOffer_episodeId_fkey" FOREIGN KEY ("episodeId") REFERENCES "Episode"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "VisitRequest" ADD CONSTRAINT "VisitRequest_patientId_fkey" FOREIGN KEY ("patientId") REFERENCES "Patient"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "VisitRequest" ADD CONSTRAINT "VisitRequest_episodeId_fkey" FOREIGN KEY ("episodeId") REFERENCES "Episode"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "VisitRequest" ADD CONSTRAINT "VisitRequest_slotId_fkey" FOREIGN KEY ("slotId") REFERENCES "Slot"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "VisitRequest" ADD CONSTRAINT "VisitRequest_proposedSlotId_fkey" FOREIGN KEY ("proposedSlotId") REFERENCES "Slot"("id") ON DELETE SET NULL ON UPDATE CASCADE;

