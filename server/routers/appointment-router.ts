import { z } from "zod";
import { jobs } from "../jobs/index.js";
import { boundedDate } from "../lib/date-bounds.js";
import { bookAppointment } from "../services/appointments/book-appointment.js";
import { recordVisitOutcome } from "../services/visits/visit-outcome.js";
import { nurseProcedure, router } from "../trpc/trpc.js";

export const appointmentRouter = router({
  schedule: nurseProcedure
    .input(
      z.object({
        episodeId: z.string().min(1).max(64),
        scheduledAt: boundedDate("Appointment time"),
        location: z.string().trim().min(2).max(200),
        transportNeeded: z.boolean().default(false),
      }),
    )
    .mutation(({ ctx, input }) => bookAppointment({ db: ctx.db, jobs }, input)),
  // Kept for older clients: the same as visit.recordOutcome ATTENDED (after-visit questions start).
  markAttended: nurseProcedure
    .input(z.object({ id: z.string().min(1).max(64) }))
    .mutation(({ ctx, input }) =>
      recordVisitOutcome(
        { db: ctx.db, jobs },
        { appointmentId: input.id, outcome: "ATTENDED", userId: ctx.user.id, source: "STAFF" },
      ),
    ),
});
