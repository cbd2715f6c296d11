import type { inferRouterInputs, inferRouterOutputs } from "@trpc/server";
// The zod-free vocabulary modules, not domain/index: a route chunk that only needs labels must not load zod.
import { DISPOSITION_OPTIONS, PRIORITY_OPTIONS } from "../../../server/domain/escalation";
import { MEDICATION_CLASS_OPTIONS } from "../../../server/domain/medications";
import { PROTOCOL_OPTIONS } from "../../../server/domain/protocols";
import type { QueueFiltersInput } from "../../../server/domain/queue-filter";
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

// The domain vocabulary (server/domain/) is the one source of these lists; the console keeps importing them
// from here under the names it always used.
export const DISPOSITIONS = DISPOSITION_OPTIONS;
export const PROTOCOLS = PROTOCOL_OPTIONS;
export const PRIORITIES = PRIORITY_OPTIONS;
export const MED_CLASSES = MEDICATION_CLASS_OPTIONS;
export {
  type Disposition,
  QUEUE_SCOPES,
  type QueueScope,
  type TaskPriority,
} from "../../../server/domain/escalation";
export type { MedicationClass } from "../../../server/domain/medications";
export type { ProtocolId } from "../../../server/domain/protocols";
export type { SavedFilters } from "../../../server/domain/queue-filter";
export { QUEUE_REASON_CODES, reasonLabel } from "../../../server/domain/reason-codes";
export { SEVERITY_LABELS, type Severity } from "../../../server/domain/severity";
export type EpisodeTcm = NonNullable<RouterOutputs["tcm"]["get"]>;
export type { MdmLevel, TcmReason } from "../../../server/domain/tcm";
export { MDM_LABELS, MDM_OPTIONS, TCM_REASON_LABELS } from "../../../server/domain/tcm";
