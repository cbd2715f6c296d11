import type { Db, PhoneStatus } from "../../db/client.js";
import type { JobStarter } from "../../jobs/index.js";
import { type EscalationResult, raiseEscalation } from "./raise-escalation.js";

export interface UnusablePhone {
  patientId: string;
  /** The episode the failed text belonged to; left out, the patient's active episode is used. */
  episodeId?: string | null;
  messageId: string;
  phoneStatus: PhoneStatus;
  errorCode: number;
}

/**
 * The patient's number cannot take texts (invalid, landline, not SMS-capable): a nurse should
 * phone them instead. Raised from the send path and from delivery reports alike; one open task
 * per patient for this reason, so both noticing the same number merge into one.
 */
export async function raisePhoneOutreach(
  deps: { db: Db; jobs: JobStarter },
  e: UnusablePhone,
): Promise<EscalationResult> {
  const episodeId =
    e.episodeId !== undefined
      ? e.episodeId
      : ((
          await deps.db.episode.findFirst({
            where: { patientId: e.patientId, status: "ACTIVE" },
            select: { id: true },
          })
        )?.id ?? null);
  return raiseEscalation(deps, {
    patientId: e.patientId,
    episodeId,
    severity: "ROUTINE",
    reasonCode: "PHONE_OUTREACH",
    action: `Phone the patient: texts cannot be delivered (${e.phoneStatus.toLowerCase()})`,
    evidence: { messageId: e.messageId, errorCode: e.errorCode },
  });
}
