import type { RouterOutputs } from "../../lib/api-types";

type Note = RouterOutputs["ehrNote"]["list"]["items"][number];
export type EhrNoteStatusCode = Note["status"];

/** Every status a note has (a Record, so a new server value fails the type check here). */
export const NOTE_STATUS: Record<EhrNoteStatusCode, { label: string; color: string }> = {
  QUEUED: { label: "Queued", color: "gray" },
  SENT: { label: "Sent", color: "blue" },
  ACCEPTED: { label: "Accepted", color: "teal" },
  FAILED: { label: "Failed", color: "red" },
};

export const NOTE_KIND: Record<Note["kind"], string> = {
  TASK_RESOLVED: "Nurse note",
  EPISODE_CLOSED: "Episode summary",
};

/** Where one note stands, in a sentence (no PHI: the EHR's id and our own reason words). */
export function noteDetail(note: Pick<Note, "status" | "channel" | "ehrId" | "failReason">): string {
  if (note.status === "ACCEPTED") return `Filed in the EHR as ${note.ehrId ?? "?"}`;
  if (note.status === "SENT" && note.channel === "OUTBOX")
    return "Kept in the local outbox (no EHR configured)";
  if (note.status === "SENT") return "Sent; waiting for the EHR's answer";
  if (note.status === "FAILED") return `Not filed: ${note.failReason ?? "unknown reason"}`;
  return note.failReason ? `Will retry: ${note.failReason}` : "Waiting to be sent";
}
