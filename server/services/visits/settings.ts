import { z } from "zod";

const int = (min: number, max: number, dflt: number) =>
  z.coerce.number().int().min(min).max(max).default(dflt);

/**
 * Follow-up visit settings, read from the environment by the server (validated at start-up) and by
 * the tasks (which read their own environment in connected mode).
 */
export const visitEnvSchema = z.object({
  // How many weeks ahead the nightly task keeps bookable slots.
  VISIT_SLOT_WEEKS: int(1, 12, 4),
  // Staff must act on a patient's visit request within this many business hours.
  VISIT_REQUEST_BUSINESS_HOURS: int(1, 72, 4),
  // The visit window after discharge: heart failure and heart attack 7 days, the rest 14 (TCM).
  VISIT_WINDOW_DAYS_HIGH_RISK: int(2, 30, 7),
  VISIT_WINDOW_DAYS: int(2, 30, 14),
  // After a visit plus this many hours with no outcome marked, a task asks staff to mark it.
  VISIT_MARK_GRACE_HOURS: int(1, 72, 4),
});

export type VisitSettings = z.infer<typeof visitEnvSchema>;

export function loadVisitSettings(env: NodeJS.ProcessEnv = process.env): VisitSettings {
  return visitEnvSchema.parse(env);
}
