import { z } from "zod";
import { jobs } from "../jobs/index.js";
import { AppError } from "../lib/errors.js";
import { closeEpisode } from "../services/episodes/close-episode.js";
import { createEpisode } from "../services/episodes/create-episode.js";
import { parseDischargeCsv } from "../services/episodes/csv-intake.js";
import type { Discharge } from "../services/episodes/intake-schema.js";
import { dischargeSchema } from "../services/episodes/intake-schema.js";
import type { Context } from "../trpc/context.js";
import { nurseProcedure, router } from "../trpc/trpc.js";

const csvInput = z.object({
  csv: z.string().min(1, "The file is empty").max(2_000_000, "The file is over 2 MB"),
});

async function enroll(ctx: Context, discharge: Discharge) {
  const created = await createEpisode(ctx.db, discharge, { hospitalName: ctx.config.env.HOSPITAL_NAME });
  const runId = await jobs.enroll({ id: created.episodeId, patientId: created.patientId });
  await ctx.db.episode.update({ where: { id: created.episodeId }, data: { enrollRunId: runId } });
  return { ...created, runId };
}

export const episodeRouter = router({
  create: nurseProcedure.input(dischargeSchema).mutation(({ ctx, input }) => enroll(ctx, input)),
  /** Validates every row and saves nothing: the SPA shows this before the upload is confirmed. */
  previewCsv: nurseProcedure.input(csvInput).mutation(({ input }) => {
    const { rows, fatal } = parseDischargeCsv(input.csv);
    if (fatal) throw new AppError("INVALID_INPUT", fatal);
    return { rows };
  }),
  importCsv: nurseProcedure.input(csvInput).mutation(async ({ ctx, input }) => {
    const { rows, fatal } = parseDischargeCsv(input.csv);
    if (fatal) throw new AppError("INVALID_INPUT", fatal);
    const results = [];
    for (const row of rows) {
      if (!row.ok) {
        results.push(row);
        continue;
      }
      try {
        const created = await enroll(ctx, row.value);
        results.push({ line: row.line, ok: true as const, episodeId: created.episodeId });
      } catch (err) {
        if (!(err instanceof AppError)) throw err;
        results.push({ line: row.line, ok: false as const, errors: [err.message] });
      }
    }
    return { created: results.filter((r) => r.ok).length, rows: results };
  }),
  close: nurseProcedure
    .input(z.object({ id: z.string().min(1).max(64), reason: z.string().trim().min(3).max(500) }))
    .mutation(async ({ ctx, input }) => {
      const { closed, runIds } = await closeEpisode(ctx.db, { episodeId: input.id, reason: input.reason });
      if (!closed) throw new AppError("CONFLICT", "This episode is already closed");
      for (const runId of runIds) await jobs.cancel(runId);
      return { closed };
    }),
});
