import type { Db } from "../../db/client.js";
import type { JobStarter } from "../../jobs/index.js";
import type { SmsService } from "../../sms/index.js";
import { bookSlot } from "./book-slot.js";

/**
 * A nurse books a free slot for a patient (from a task or the patient page, after talking with
 * them): the appointment and its reminders start, an open offer lapses, and the patient gets the
 * confirmation at once (the nurse has just spoken with them, so it is a reply, not outreach).
 */
export async function bookDirectly(
  deps: { db: Db; jobs: Pick<JobStarter, "remindAppointment">; sms?: SmsService },
  input: { episodeId: string; slotId: string; userId: string },
) {
  const booked = await bookSlot(deps, { ...input, fromHeld: false, key: `nurse:${input.userId}` });
  await deps.db.visitOffer.updateMany({
    where: { episodeId: input.episodeId, status: "OPEN" },
    data: { status: "SUPERSEDED" },
  });
  if (deps.sms) await deps.sms.send({ ...booked.text, purpose: "REPLY" });
  return { appointmentId: booked.appointmentId };
}
