-- CreateIndex
CREATE INDEX "Message_updatedAt_idx" ON "Message"("updatedAt");

-- CreateIndex
CREATE INDEX "EscalationTask_assigneeId_assignedAt_idx" ON "EscalationTask"("assigneeId", "assignedAt");

