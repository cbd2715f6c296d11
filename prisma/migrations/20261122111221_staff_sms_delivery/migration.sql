-- AlterEnum
ALTER TYPE "NotificationStatus" ADD VALUE 'SENDING' AFTER 'PENDING';

-- AlterTable
ALTER TABLE "Notification" ADD COLUMN     "failReason" TEXT,
ADD COLUMN     "providerId" TEXT;

