-- CreateEnum
CREATE TYPE "HospitalMessageResult" AS ENUM ('RECEIVED', 'ENROLLED', 'NOT_ENROLLED', 'UPDATED', 'CANCELED', 'RETURNED', 'IGNORED', 'INVALID', 'FAILED');

-- CreateEnum
CREATE TYPE "HospitalReturnKind" AS ENUM ('READMISSION', 'ED_RETURN');

-- AlterTable
ALTER TABLE "Patient" ADD COLUMN     "outreachPausedAt" TIMESTAMP(3);

-- CreateTable
CREATE TABLE "HospitalMessage" (
    "id" TEXT NOT NULL,
    "transport" TEXT NOT NULL,
    "sendingApp" TEXT NOT NULL DEFAULT '',
    "sendingFacility" TEXT NOT NULL,
    "controlId" TEXT NOT NULL,
    "messageType" TEXT,
    "raw" BYTEA NOT NULL,
    "result" "HospitalMessageResult" NOT NULL DEFAULT 'RECEIVED',
    "reason" TEXT,
    "ackCode" TEXT,
    "ackError" TEXT,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "patientId" TEXT,
    "episodeId" TEXT,
    "receivedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "processedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "HospitalMessage_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "HospitalReturn" (
    "id" TEXT NOT NULL,
    "patientId" TEXT NOT NULL,
    "episodeId" TEXT NOT NULL,
    "kind" "HospitalReturnKind" NOT NULL,
    "occurredAt" TIMESTAMP(3) NOT NULL,
    "messageId" TEXT NOT NULL,
    "canceledAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "HospitalReturn_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "HospitalMessage_receivedAt_idx" ON "HospitalMessage"("receivedAt");

-- CreateIndex
CREATE INDEX "HospitalMessage_result_receivedAt_idx" ON "HospitalMessage"("result", "receivedAt");

-- CreateIndex
CREATE INDEX "HospitalMessage_patientId_idx" ON "HospitalMessage"("patientId");

-- CreateIndex
CREATE INDEX "HospitalMessage_episodeId_idx" ON "HospitalMessage"("episodeId");

-- CreateIndex
CREATE UNIQUE INDEX "HospitalMessage_sendingFacility_controlId_key" ON "HospitalMessage"("sendingFacility", "controlId");

-- CreateIndex
CREATE UNIQUE INDEX "HospitalReturn_messageId_key" ON "HospitalReturn"("messageId");

-- CreateIndex
CREATE INDEX "HospitalReturn_patientId_idx" ON "HospitalReturn"("patientId");

-- CreateIndex
CREATE INDEX "HospitalReturn_episodeId_occurredAt_idx" ON "HospitalReturn"("episodeId", "occurredAt");

-- AddForeignKey
ALTER TABLE "HospitalMessage" ADD CONSTRAINT "HospitalMessage_patientId_fkey" FOREIGN KEY ("patientId") REFERENCES "Patient"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "HospitalMessage" ADD CONSTRAINT "HospitalMessage_episodeId_fkey" FOREIGN KEY ("episodeId") REFERENCES "Episode"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "HospitalReturn" ADD CONSTRAINT "HospitalReturn_patientId_fkey" FOREIGN KEY ("patientId") REFERENCES "Patient"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "HospitalReturn" ADD CONSTRAINT "HospitalReturn_episodeId_fkey" FOREIGN KEY ("episodeId") REFERENCES "Episode"("id") ON DELETE CASCADE ON UPDATE CASCADE;

