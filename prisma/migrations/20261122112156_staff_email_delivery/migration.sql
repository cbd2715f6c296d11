-- AlterTable
ALTER TABLE "EmailMessage" ADD COLUMN     "failReason" TEXT,
ADD COLUMN     "providerId" TEXT;

