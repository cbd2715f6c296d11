import { z } from "zod";
import { now } from "../lib/clock.js";
import { getPatientTrends } from "../services/trends/patient-trends.js";
import { nurseProcedure, router } from "../trpc/trpc.js";

// Same audience as the patient page (timeline.patient): any clinical staff member.
export const trendsRouter = router({
  patient: nurseProcedure
    .input(
      z.object({
        patientId: z.string().min(1).max(64),
        episodeId: z.string().min(1).max(64).optional(),
      }),
    )
    .query(({ ctx, input }) => getPatientTrends(ctx.db, { ...input, viewerId: ctx.user.id, now: now() })),
});
