import { z } from "zod";
import { jobs } from "../jobs/index.js";
import {
  dischargeSchema,
  enrolFromCsv,
  enrolPatient,
  previewDischargeCsv,
} from "../services/enrolment/index.js";
import { closeEpisodeEarly } from "../services/episodes/close-episode.js";
import type { Context } from "../trpc/context.js";
import { nurseProcedure, router } from "../trpc/trpc.js";

const csvInput = z.object({
  csv: z.string().min(1, "The file is empty").max(2_000_000, "The file is over 2 MB"),
});

const enrolDeps = (ctx: Context) => ({ db: ctx.db, jobs, hospitalName: ctx.config.env.HOSPITAL_NAME });

export const episodeRouter = router({
  create: nurseProcedure
    .input(dischargeSchema)
    .mutation(({ ctx, input }) => enrolPatient(enrolDeps(ctx), input)),
  /** Validates every row and saves nothing: the SPA shows this before the upload is confirmed. */
  previewCsv: nurseProcedure.input(csvInput).mutation(({ input }) => previewDischargeCsv(input.csv)),
  importCsv: nurseProcedure
    .input(csvInput)
    .mutation(({ ctx, input }) => enrolFromCsv(enrolDeps(ctx), input.csv)),
  close: nurseProcedure
    .input(z.object({ id: z.string().min(1).max(64), reason: z.string().trim().min(3).max(500) }))
    .mutation(({ ctx, input }) =>
      closeEpisodeEarly({ db: ctx.db, jobs }, { episodeId: input.id, reason: input.reason }),
    ),
});
