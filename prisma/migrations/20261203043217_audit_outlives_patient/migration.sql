-- AlterEnum
-- This migration adds more than one value to an enum.
-- With PostgreSQL versions 11 and earlier, this is not possible
-- in a single migration. This can be worked around by creating
-- multiple migrations, each migration adding only one value to
-- the enum.


ALTER TYPE "AuditAction" ADD VALUE 'SIGN_IN';
ALTER TYPE "AuditAction" ADD VALUE 'SIGN_IN_FAILED';
ALTER TYPE "AuditAction" ADD VALUE 'SIGN_OUT';
ALTER TYPE "AuditAction" ADD VALUE 'VIEW_SIMULATOR';

-- DropForeignKey
ALTER TABLE "AuditLog" DROP CONSTRAINT "AuditLog_userId_fkey";

-- DropForeignKey
ALTER TABLE "AuditLog" DROP CONSTRAINT "AuditLog_patientId_fkey";

-- AlterTable
ALTER TABLE "AuditLog" ADD COLUMN     "email" TEXT,
ADD COLUMN     "ip" TEXT,
ALTER COLUMN "userId" DROP NOT NULL,
ALTER COLUMN "patientId" DROP NOT NULL;

-- CreateIndex
CREATE INDEX "AuditLog_action_createdAt_idx" ON "AuditLog"("action", "createdAt");

-- AddForeignKey
ALTER TABLE "AuditLog" ADD CONSTRAINT "AuditLog_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

