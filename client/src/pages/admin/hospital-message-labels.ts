import type { RouterInputs, RouterOutputs } from "../../lib/api-types";

export type HospitalMessage = RouterOutputs["hospitalFeed"]["list"]["items"][number];
export type MessageResult = NonNullable<RouterInputs["hospitalFeed"]["list"]["result"]>;

/** Every result the feed records (a Record, so a new server value fails the type check here). */
export const RESULT_LABELS: Record<MessageResult, { label: string; color: string }> = {
  RECEIVED: { label: "Received, not yet acted on", color: "indigo" },
  ENROLLED: { label: "Enrolled", color: "teal" },
  NOT_ENROLLED: { label: "Not enrolled", color: "yellow" },
  UPDATED: { label: "Updated", color: "blue" },
  CANCELED: { label: "Canceled", color: "gray" },
  RETURNED: { label: "Return recorded", color: "orange" },
  IGNORED: { label: "Ignored", color: "gray" },
  INVALID: { label: "Refused (error)", color: "red" },
  FAILED: { label: "Failed at Sequora", color: "red" },
};

export const RESULT_OPTIONS = Object.entries(RESULT_LABELS).map(([value, r]) => ({ value, label: r.label }));
