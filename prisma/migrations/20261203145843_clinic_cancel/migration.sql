-- AlterEnum
ALTER TYPE "SlotStatus" ADD VALUE 'CANCELED';

-- AlterTable
ALTER TABLE "Slot" ADD COLUMN     "cancelReason" TEXT;

