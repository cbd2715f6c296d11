import { z } from "zod";
import { getPatientTimeline } from "../services/timeline/patient-timeline.js";
import { nurseProcedure, router } from "../trpc/trpc.js";

export const timelineRouter = router({
  patient: nurseProcedure
    .input(
      z.object({
        patientId: z.string().min(1).max(64),
        limit: z.number().int().min(1).max(1000).default(300),
      }),
    )
    .query(({ ctx, input }) => getPatientTimeline(ctx.db, { ...input, viewerId: ctx.user.id })),
});
