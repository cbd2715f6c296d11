-- AlterEnum
ALTER TYPE "AuditAction" ADD VALUE 'VIEW_HOSPITAL_MESSAGE';

-- CreateTable
CREATE TABLE "HospitalMessageReplay" (
    "id" TEXT NOT NULL,
    "messageId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "result" "HospitalMessageResult" NOT NULL,
    "reason" TEXT,
    "alreadyApplied" BOOLEAN NOT NULL DEFAULT false,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "HospitalMessageReplay_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "HospitalMessageReplay_messageId_createdAt_idx" ON "HospitalMessageReplay"("messageId", "createdAt");

-- CreateIndex
CREATE INDEX "HospitalMessageReplay_userId_idx" ON "HospitalMessageReplay"("userId");

-- AddForeignKey
ALTER TABLE "HospitalMessageReplay" ADD CONSTRAINT "HospitalMessageReplay_messageId_fkey" FOREIGN KEY ("messageId") REFERENCES "HospitalMessage"("id") ON DELETE CASCADE ON UPDATE CASCADE;

