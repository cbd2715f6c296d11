import { z } from "zod";
import { HospitalMessageResult } from "../db/client.js";
import { jobs } from "../jobs/index.js";
import {
  getHospitalMessageRaw,
  hospitalMessageFacets,
  listHospitalMessages,
} from "../services/hospital-feed/message-log.js";
import { replayHospitalMessage } from "../services/hospital-feed/replay-message.js";
import { adminProcedure, router } from "../trpc/trpc.js";

const id = z.string().min(1).max(64);

// Admins only: the raw messages carry PHI for every patient the hospital sends, enrolled or not.
export const hospitalFeedRouter = router({
  list: adminProcedure
    .input(
      z.object({
        cursor: id.optional(),
        limit: z.number().int().min(1).max(200).default(50),
        result: z.enum(HospitalMessageResult).optional(),
        type: z.string().trim().min(1).max(20).optional(),
      }),
    )
    .query(({ ctx, input }) => listHospitalMessages(ctx.db, input)),
  facets: adminProcedure.query(({ ctx }) => hospitalMessageFacets(ctx.db)),
  raw: adminProcedure
    .input(z.object({ id }))
    .query(({ ctx, input }) => getHospitalMessageRaw(ctx.db, { id: input.id, viewerId: ctx.user.id })),
  replay: adminProcedure
    .input(z.object({ id }))
    .mutation(({ ctx, input }) =>
      replayHospitalMessage(
        { db: ctx.db, jobs, hospitalName: ctx.config.env.HOSPITAL_NAME },
        { id: input.id, userId: ctx.user.id },
      ),
    ),
});
