import { z } from "zod";
import { QUEUE_SCOPES, TASK_PRIORITIES } from "./escalation.js";
import { PROTOCOL_IDS } from "./protocols.js";
import { protocolIdSchema, reasonCodeSchema, severitySchema, taskPrioritySchema } from "./schemas.js";
import { SEVERITIES } from "./severity.js";

const priorities = z.array(taskPrioritySchema);
const reasons = z.array(reasonCodeSchema);
const protocols = z.array(protocolIdSchema);

/** Stored filters are re-validated on read: an old view must never break the queue. */
export const savedFiltersSchema = z.object({
  scope: z.enum(QUEUE_SCOPES).default("all"),
  priority: priorities.optional(),
  reason: reasons.optional(),
  protocol: protocols.optional(),
  /** Inclusive range of episode days (day 1 = discharge day). */
  episodeDay: z
    .object({
      min: z.number().int().min(1).max(60).optional(),
      max: z.number().int().min(1).max(60).optional(),
    })
    .optional(),
});
export type SavedFilters = z.infer<typeof savedFiltersSchema>;

/** What the queue is asked for: a saved view's filters, bounded, plus severity and a row limit. */
export const queueFiltersSchema = savedFiltersSchema.extend({
  priority: priorities.max(TASK_PRIORITIES.length).optional(),
  severity: z.array(severitySchema).max(SEVERITIES.length).optional(),
  reason: reasons.max(20).optional(),
  protocol: protocols.max(PROTOCOL_IDS.length).optional(),
  limit: z.number().int().min(1).max(2000).default(500),
});
export type QueueFiltersInput = z.input<typeof queueFiltersSchema>;
export type QueueFilters = z.output<typeof queueFiltersSchema>;
