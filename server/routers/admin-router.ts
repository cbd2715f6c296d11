import { z } from "zod";
import { resetPassword } from "../auth/password-change.js";
import { newPasswordSchema } from "../auth/password-policy.js";
import { Language, UserRole } from "../db/client.js";
import { boundedDateValue } from "../lib/date-bounds.js";
import { createShift, deleteShift, listShifts, updateShift } from "../services/admin/shifts.js";
import { createStaff, listStaff, updateStaff } from "../services/admin/staff.js";
import { listProtocols } from "../triage/index.js";
import { adminProcedure, router, supervisorProcedure } from "../trpc/trpc.js";

const id = z.string().min(1).max(64);
const staffData = z.object({
  email: z.email().max(254),
  name: z.string().trim().min(2).max(120),
  role: z.enum(UserRole),
  languages: z.array(z.enum(Language)).min(1, "Pick at least one language").max(2),
  capacity: z.number().int().min(0).max(100),
  phone: z
    .string()
    .regex(/^\+[1-9]\d{7,14}$/, "Use international format, e.g. +12025550100")
    .nullable()
    .optional(),
  active: z.boolean().default(true),
});
const shiftData = z.object({
  userId: id,
  startsAt: boundedDateValue("Shift start"),
  endsAt: boundedDateValue("Shift end"),
});

export const adminRouter = router({
  staff: router({
    list: adminProcedure.query(({ ctx }) => listStaff(ctx.db)),
    create: adminProcedure
      .input(staffData.extend({ password: newPasswordSchema }))
      .mutation(({ ctx, input: { password, ...data } }) => createStaff(ctx.db, { data, password })),
    update: adminProcedure
      .input(z.object({ id, data: staffData.partial() }))
      .mutation(({ ctx, input }) => updateStaff(ctx.db, { ...input, actorId: ctx.user.id })),
    resetPassword: adminProcedure
      .input(z.object({ id }))
      .mutation(({ ctx, input }) => resetPassword(ctx.db, { userId: input.id, actorId: ctx.user.id })),
  }),
  shifts: router({
    list: adminProcedure
      .input(
        z
          .object({ includePastDays: z.number().int().min(0).max(30).default(1) })
          .default({ includePastDays: 1 }),
      )
      .query(({ ctx, input }) => listShifts(ctx.db, input)),
    create: adminProcedure.input(shiftData).mutation(({ ctx, input }) => createShift(ctx.db, input)),
    update: adminProcedure
      .input(z.object({ id, data: shiftData }))
      .mutation(({ ctx, input }) => updateShift(ctx.db, input)),
    delete: adminProcedure.input(z.object({ id })).mutation(({ ctx, input }) => deleteShift(ctx.db, input)),
  }),
  // Protocol rules are not PHI; supervisors read them to explain a task to a nurse.
  protocols: supervisorProcedure.query(() => listProtocols()),
});
