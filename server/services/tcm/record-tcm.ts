import type { Db, MdmLevel } from "../../db/client.js";
import { now } from "../../lib/clock.js";
import { AppError, notFound } from "../../lib/errors.js";

export interface RecordTcmInput {
  episodeId: string;
  /** When the medication reconciliation was done (it may be documented after the fact). */
  medRecAt?: Date | undefined;
  /** The level the clinician recorded at the face-to-face visit. */
  mdmLevel?: MdmLevel | undefined;
  userId: string;
}

/**
 * Records what the clinician documented for TCM: the medication reconciliation and the MDM level.
 * A reconciliation cannot predate the discharge it reconciles, nor lie in the future.
 */
export async function recordTcm(db: Db, input: RecordTcmInput) {
  if (input.medRecAt === undefined && input.mdmLevel === undefined) {
    throw new AppError("INVALID_INPUT", "Record a medication reconciliation or an MDM level");
  }
  const episode = await db.episode.findUnique({
    where: { id: input.episodeId },
    select: { id: true, dischargedAt: true },
  });
  if (!episode) throw notFound("Episode");
  const at = now();
  if (input.medRecAt && (input.medRecAt < episode.dischargedAt || input.medRecAt > at)) {
    throw new AppError("INVALID_INPUT", "The reconciliation date must be between the discharge and now");
  }
  await db.episode.update({
    where: { id: episode.id },
    data: {
      ...(input.medRecAt ? { tcmMedRecAt: input.medRecAt, tcmMedRecById: input.userId } : {}),
      ...(input.mdmLevel
        ? { tcmMdmLevel: input.mdmLevel, tcmMdmRecordedAt: at, tcmMdmRecordedById: input.userId }
        : {}),
    },
  });
  return { episodeId: episode.id };
}
