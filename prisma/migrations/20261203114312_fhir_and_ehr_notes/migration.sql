-- CreateEnum
CREATE TYPE "HospitalMessageFormat" AS ENUM ('HL7V2', 'FHIR');

-- CreateEnum
CREATE TYPE "EhrNoteKind" AS ENUM ('TASK_RESOLVED', 'EPISODE_CLOSED');

-- CreateEnum
CREATE TYPE "EhrNoteStatus" AS ENUM ('QUEUED', 'SENT', 'ACCEPTED', 'FAILED');

-- AlterTable
ALTER TABLE "HospitalMessage" ADD COLUMN     "format" "HospitalMessageFormat" NOT NULL DEFAULT 'HL7V2';

-- CreateTable
CREATE TABLE "EhrNote" (
    "id" TEXT NOT NULL,
    "kind" "EhrNoteKind" NOT NULL,
    "sourceKey" TEXT NOT NULL,
    "patientId" TEXT NOT NULL,
    "episodeId" TEXT,
    "taskId" TEXT,
    "status" "EhrNoteStatus" NOT NULL DEFAULT 'QUEUED',
    "channel" TEXT,
    "text" TEXT,
    "ehrId" TEXT,
    "failReason" TEXT,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "runId" TEXT,
    "adminTaskId" TEXT,
    "sentAt" TIMESTAMP(3),
    "acceptedAt" TIMESTAMP(3),
    "failedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "EhrNote_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "EhrNote_sourceKey_key" ON "EhrNote"("sourceKey");

-- CreateIndex
CREATE INDEX "EhrNote_taskId_idx" ON "EhrNote"("taskId");

-- CreateIndex
CREATE INDEX "EhrNote_episodeId_idx" ON "EhrNote"("episodeId");

-- CreateIndex
CREATE INDEX "EhrNote_status_createdAt_idx" ON "EhrNote"("status", "createdAt");

