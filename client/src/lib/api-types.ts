import type { inferRouterInputs, inferRouterOutputs } from "@trpc/server";
import {
  DISPOSITION_OPTIONS,
  MEDICATION_CLASS_OPTIONS,
  PRIORITY_OPTIONS,
  PROTOCOL_OPTIONS,
  type QueueFiltersInput,
} from "../../../domain/index";
import type { AppRouter } from "../../../server/routers/app-router";

export type RouterOutputs = inferRouterOutputs<AppRouter>;
export type RouterInputs = inferRouterInputs<AppRouter>;

export type QueueTask = RouterOutputs["task"]["list"]["tasks"][number];
export type QueueFilters = QueueFiltersInput;
export type TaskDetail = RouterOutputs["task"]["get"]["task"];
export type TimelineItem = RouterOutputs["timeline"]["patient"]["items"][number];
export type Board = RouterOutputs["board"]["get"];
export type BoardTask = Board["lanes"]["ON_TRACK"][number];
export type ReassignResult = RouterOutputs["task"]["reassign"][number];

// The domain vocabulary (domain/) is the one source of these lists; the console keeps importing them
// from here under the names it always used.
export const DISPOSITIONS = DISPOSITION_OPTIONS;
export const PROTOCOLS = PROTOCOL_OPTIONS;
export const PRIORITIES = PRIORITY_OPTIONS;
export const MED_CLASSES = MEDICATION_CLASS_OPTIONS;
export {
  type Disposition,
  type MedicationClass,
  type ProtocolId,
  QUEUE_REASON_CODES,
  type QueueScope,
  reasonLabel,
  type SavedFilters,
  SEVERITY_LABELS,
  type Severity,
  type TaskPriority,
} from "../../../domain/index";
