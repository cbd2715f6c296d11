import type { inferRouterInputs, inferRouterOutputs } from "@trpc/server";
import type { AppRouter } from "../../../server/routers/app-router";

export type RouterOutputs = inferRouterOutputs<AppRouter>;
export type RouterInputs = inferRouterInputs<AppRouter>;

export type QueueTask = RouterOutputs["task"]["list"]["tasks"][number];
export type QueueFilters = NonNullable<RouterInputs["task"]["list"]>;
export type TaskDetail = RouterOutputs["task"]["get"]["task"];
export type TimelineItem = RouterOutputs["timeline"]["patient"]["items"][number];
export type Board = RouterOutputs["board"]["get"];
export type BoardTask = Board["lanes"]["ON_TRACK"][number];
export type ReassignResult = RouterOutputs["task"]["reassign"][number];

export const DISPOSITIONS = [
  { value: "ED_911_CONFIRMED", label: "ED / 911 confirmed" },
  { value: "MEDICATION_ISSUE_RESOLVED", label: "Medication issue resolved" },
  { value: "APPOINTMENT_BOOKED", label: "Appointment booked" },
  { value: "TRANSPORT_ARRANGED", label: "Transport arranged" },
  { value: "ADVICE_GIVEN", label: "Advice given" },
  { value: "UNABLE_TO_REACH_X3", label: "Unable to reach ×3" },
  { value: "FALSE_ALARM", label: "False alarm" },
] as const;
export type Disposition = (typeof DISPOSITIONS)[number]["value"];

export const PROTOCOLS = [
  { value: "GENERAL", label: "General" },
  { value: "HF", label: "Heart failure" },
  { value: "COPD", label: "COPD" },
  { value: "AMI", label: "Heart attack (AMI)" },
  { value: "PNA", label: "Pneumonia" },
  { value: "THA_TKA", label: "Hip/knee replacement" },
  { value: "DM", label: "Diabetes" },
] as const;
export type ProtocolId = (typeof PROTOCOLS)[number]["value"];

export const PRIORITIES = [
  { value: "URGENT", label: "Urgent (stat)" },
  { value: "HIGH", label: "High" },
  { value: "NORMAL", label: "Normal" },
] as const;
