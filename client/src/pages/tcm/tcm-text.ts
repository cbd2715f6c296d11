import type { EpisodeTcm } from "../../lib/api-types";
import { MDM_LABELS, TCM_REASON_LABELS } from "../../lib/api-types";
import { formatDateTime } from "../../lib/format";

type Tcm = EpisodeTcm["tcm"];

// One wording of each TCM element, shared by the patient page's card and the supervisor's view.

export function contactText(c: Tcm["contact"], now?: Date): string {
  const how = c.via === "TEXT" ? "text exchange" : "call";
  switch (c.state) {
    case "MADE":
      return `Made ${formatDateTime(c.madeAt!, now)} (${how})`;
    case "ATTEMPTS":
      return `${c.attemptsInWindow} documented attempts in the window`;
    case "PENDING":
      return `Not yet: ${c.hoursLeft} h left (due ${formatDateTime(c.dueBy, now)})`;
    case "MADE_LATE":
      return `Late: made ${formatDateTime(c.madeAt!, now)} (${how}), due ${formatDateTime(c.dueBy, now)}`;
    case "MISSED":
      return `Missed (due ${formatDateTime(c.dueBy, now)})`;
  }
}

export function visitText(v: Tcm["visit"], now?: Date): string {
  switch (v.state) {
    case "DONE":
      return `${formatDateTime(v.at!, now)} (day ${v.day})`;
    case "BOOKED":
      return `Booked for ${formatDateTime(v.bookedFor!, now)} (${v.daysLeft} days left)`;
    case "NOT_BOOKED":
      return `Not booked: ${v.daysLeft} days left`;
    case "MISSED":
      return "No visit by day 14";
  }
}

export function medRecText(m: Tcm["medRec"], now?: Date): string {
  if (!m.at) return "Not documented";
  return m.ok ? `Documented ${formatDateTime(m.at, now)}` : `After the visit (${formatDateTime(m.at, now)})`;
}

export const mdmText = (level: Tcm["mdmLevel"]) => (level ? MDM_LABELS[level] : "Not recorded");

export const reasonsText = (t: Tcm) => t.reasons.map((r) => TCM_REASON_LABELS[r]).join("; ");
