-- AlterTable
ALTER TABLE "Clinic" ADD COLUMN     "prepNotes" TEXT NOT NULL DEFAULT '';
