import { z } from "zod";
import { jobs } from "../jobs/index.js";
import { now } from "../lib/clock.js";
import { boundedDate, MAX_AHEAD_MS } from "../lib/date-bounds.js";
import { AppError } from "../lib/errors.js";
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
    .mutation(async ({ ctx, input }) => {
      if (input.scheduledAt <= now())
        throw new AppError("INVALID_INPUT", "The appointment must be in the future");
      if (input.scheduledAt.getTime() > now().getTime() + MAX_AHEAD_MS)
        throw new AppError("INVALID_INPUT", "The appointment must be within the next two years");
      const episode = await ctx.db.episode.findUnique({
        where: { id: input.episodeId },
        select: { patientId: true, status: true },
      });
      if (!episode) throw new AppError("NOT_FOUND", "Episode not found");
      if (episode.status !== "ACTIVE") throw new AppError("CONFLICT", "The episode is closed");
      const appt = await ctx.db.appointment.create({
        data: {
          episodeId: input.episodeId,
          patientId: episode.patientId,
          scheduledAt: input.scheduledAt,
          location: input.location,
          transportNeeded: input.transportNeeded,
        },
        select: { id: true, patientId: true },
      });
      const runId = await jobs.remindAppointment(appt);
      await ctx.db.appointment.update({ where: { id: appt.id }, data: { runId } });
      return { appointmentId: appt.id, runId };
    }),
  markAttended: nurseProcedure
    .input(z.object({ id: z.string().min(1).max(64) }))
    .mutation(async ({ ctx, input }) => {
      const res = await ctx.db.appointment.updateMany({
        where: { id: input.id, status: { in: ["SCHEDULED", "CONFIRMED", "MISSED"] } },
        data: { status: "COMPLETED" },
      });
      if (res.count === 0) throw new AppError("CONFLICT", "This appointment cannot be marked attended");
      return { ok: true };
    }),
});
