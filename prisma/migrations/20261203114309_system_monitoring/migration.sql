-- CreateEnum
CREATE TYPE "SystemAlertSeverity" AS ENUM ('WARNING', 'CRITICAL');

-- CreateTable
CREATE TABLE "SystemAlert" (
    "id" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "openKey" TEXT,
    "severity" "SystemAlertSeverity" NOT NULL,
    "title" TEXT NOT NULL,
    "detail" TEXT NOT NULL,
    "value" DOUBLE PRECISION,
    "threshold" DOUBLE PRECISION,
    "openedAt" TIMESTAMP(3) NOT NULL,
    "lastSeenAt" TIMESTAMP(3) NOT NULL,
    "resolvedAt" TIMESTAMP(3),
    "webhookResult" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "SystemAlert_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "MetricSample" (
    "id" TEXT NOT NULL,
    "series" TEXT NOT NULL,
    "bucketStart" TIMESTAMP(3) NOT NULL,
    "value" DOUBLE PRECISION NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "MetricSample_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "SystemAlert_openKey_key" ON "SystemAlert"("openKey");

-- CreateIndex
CREATE INDEX "SystemAlert_key_openedAt_idx" ON "SystemAlert"("key", "openedAt");

-- CreateIndex
CREATE INDEX "SystemAlert_resolvedAt_openedAt_idx" ON "SystemAlert"("resolvedAt", "openedAt");

-- CreateIndex
CREATE INDEX "SystemAlert_openedAt_idx" ON "SystemAlert"("openedAt");

-- CreateIndex
CREATE INDEX "MetricSample_bucketStart_idx" ON "MetricSample"("bucketStart");

-- CreateIndex
CREATE UNIQUE INDEX "MetricSample_series_bucketStart_key" ON "MetricSample"("series", "bucketStart");

