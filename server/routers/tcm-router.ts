import { z } from "zod";
import { MDM_LEVELS } from "../domain/tcm.js";
import {
  calendarFromEnv,
  exportQualifyingCsv,
  getPatientTcm,
  listAtRisk,
  listQualifying,
  recordTcm,
} from "../services/tcm/index.js";
import { nurseProcedure, router, supervisorProcedure } from "../trpc/trpc.js";

const id = z.string().min(1).max(64);
const month = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, "A month is YYYY-MM");

export const tcmRouter = router({
  // Clinical staff see a patient's TCM status on the patient page, and record what it needs.
  get: nurseProcedure
    .input(z.object({ patientId: id }))
    .query(({ ctx, input }) =>
      getPatientTcm(ctx.db, { patientId: input.patientId, calendar: calendarFromEnv(ctx.config.env) }),
    ),
  record: nurseProcedure
    .input(
      z
        .object({
          episodeId: id,
          medRecAt: z.coerce.date().min(new Date("2000-01-01")).max(new Date("2100-01-01")).optional(),
          mdmLevel: z.enum(MDM_LEVELS).optional(),
        })
        .refine((v) => v.medRecAt !== undefined || v.mdmLevel !== undefined, "Nothing to record"),
    )
    .mutation(({ ctx, input }) => recordTcm(ctx.db, { ...input, userId: ctx.user.id })),
  // The programme's compliance view and the billing export are the supervisors'.
  listAtRisk: supervisorProcedure
    .input(z.object({ limit: z.number().int().min(1).max(2000).default(500) }).default({ limit: 500 }))
    .query(({ ctx, input }) => listAtRisk(ctx.db, { ...input, calendar: calendarFromEnv(ctx.config.env) })),
  listQualifying: supervisorProcedure
    .input(z.object({ month }))
    .query(({ ctx, input }) =>
      listQualifying(ctx.db, { month: input.month, calendar: calendarFromEnv(ctx.config.env) }),
    ),
  exportCsv: supervisorProcedure.input(z.object({ month })).mutation(({ ctx, input }) =>
    exportQualifyingCsv(ctx.db, {
      month: input.month,
      calendar: calendarFromEnv(ctx.config.env),
      userId: ctx.user.id,
    }),
  ),
});
