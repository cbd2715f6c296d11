/** A nurse task's priority; the order is the Prisma enum's (least urgent first). */
export const TASK_PRIORITIES = ["NORMAL", "HIGH", "URGENT"] as const;
export type TaskPriority = (typeof TASK_PRIORITIES)[number];

export const PRIORITY_LABELS: Readonly<Record<TaskPriority, string>> = {
  URGENT: "Urgent (stat)",
  HIGH: "High",
  NORMAL: "Normal",
};

/** Most urgent first, as the queue's priority filter offers them. */
export const PRIORITY_OPTIONS = (["URGENT", "HIGH", "NORMAL"] as const).map((value) => ({
  value,
  label: PRIORITY_LABELS[value],
}));

export const TASK_STATUSES = ["OPEN", "IN_PROGRESS", "RESOLVED", "CANCELED"] as const;
export type TaskStatus = (typeof TASK_STATUSES)[number];

/** Whose open tasks the queue shows. */
export const QUEUE_SCOPES = ["all", "mine", "unassigned"] as const;
export type QueueScope = (typeof QUEUE_SCOPES)[number];

/** A task in one of these is still someone's work: it is in the queue and its SLA clock may run. */
export const OPEN_TASK_STATUSES = ["OPEN", "IN_PROGRESS"] as const satisfies readonly TaskStatus[];

/** How a nurse closed a task; the order is the Prisma enum's and the resolve dialog's. */
export const DISPOSITIONS = [
  "ED_911_CONFIRMED",
  "MEDICATION_ISSUE_RESOLVED",
  "APPOINTMENT_BOOKED",
  "TRANSPORT_ARRANGED",
  "ADVICE_GIVEN",
  "UNABLE_TO_REACH_X3",
  "FALSE_ALARM",
] as const;
export type Disposition = (typeof DISPOSITIONS)[number];

export const DISPOSITION_LABELS: Readonly<Record<Disposition, string>> = {
  ED_911_CONFIRMED: "ED / 911 confirmed",
  MEDICATION_ISSUE_RESOLVED: "Medication issue resolved",
  APPOINTMENT_BOOKED: "Appointment booked",
  TRANSPORT_ARRANGED: "Transport arranged",
  ADVICE_GIVEN: "Advice given",
  UNABLE_TO_REACH_X3: "Unable to reach ×3",
  FALSE_ALARM: "False alarm",
};

export const DISPOSITION_OPTIONS = DISPOSITIONS.map((value) => ({ value, label: DISPOSITION_LABELS[value] }));

// A closing text only where the patient was reached and helped; not after 911, a false alarm or
// when nobody could reach them (a text would then be confusing or alarming).
export const DISPOSITION_SENDS_CLOSING_TEXT: Readonly<Record<Disposition, boolean>> = {
  ED_911_CONFIRMED: false,
  MEDICATION_ISSUE_RESOLVED: true,
  APPOINTMENT_BOOKED: true,
  TRANSPORT_ARRANGED: true,
  ADVICE_GIVEN: true,
  UNABLE_TO_REACH_X3: false,
  FALSE_ALARM: false,
};
