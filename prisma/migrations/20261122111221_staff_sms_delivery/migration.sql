-- AlterEnum
ALTER TYPE "NotificationStatus" ADD VALUE 'SENDING';

-- AlterTable
ALTER TABLE "Notification" ADD COLUMN     "failReason" TEXT,
ADD COLUMN     "providerId" TEXT;

