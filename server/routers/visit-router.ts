import { z } from "zod";
import { Language } from "../db/client.js";
import { jobs } from "../jobs/index.js";
import { boundedDate } from "../lib/date-bounds.js";
import { AppError } from "../lib/errors.js";
import { markRideBooked } from "../services/appointments/transport.js";
import { listPatientAppointments, listVisitsToMark } from "../services/visits/after-visit-list.js";
import { bookDirectly } from "../services/visits/book-directly.js";
import { episodeVisit } from "../services/visits/cancel-visit.js";
import { cancelClinicTimes, clinicianDay } from "../services/visits/clinic-cancel.js";
import {
  createClinic,
  createClinician,
  listClinics,
  setAvailability,
  updateClinic,
  updateClinician,
} from "../services/visits/clinics.js";
import {
  approveRequest,
  listOpenRequests,
  proposeChange,
  rejectRequest,
} from "../services/visits/decide-request.js";
import { loadVisitSettings } from "../services/visits/settings.js";
import { listFreeSlots } from "../services/visits/slots.js";
import { recordVisitOutcome } from "../services/visits/visit-outcome.js";
import { adminProcedure, nurseProcedure, router } from "../trpc/trpc.js";

const id = z.string().min(1).max(64);
const localDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "Use a date like 2026-12-25");
const timeZone = z
  .string()
  .max(64)
  .refine((tz) => {
    try {
      new Intl.DateTimeFormat("en-US", { timeZone: tz });
      return true;
    } catch {
      return false;
    }
  }, "Unknown time zone");
const notes = z.string().trim().max(500).default("");
const clinicData = z.object({
  name: z.string().trim().min(2).max(120),
  address: z.string().trim().min(5).max(200),
  phone: z.string().trim().min(7).max(30),
  parkingNotes: notes,
  buildingNotes: notes,
  prepNotes: notes,
  timeZone,
  holidays: z.array(localDate).max(60).default([]),
  active: z.boolean().default(true),
});
const clinicianData = z.object({
  name: z.string().trim().min(2).max(120),
  languages: z.array(z.enum(Language)).min(1, "Pick at least one language").max(2),
  visitTypes: z.array(z.string().trim().min(2).max(40)).min(1).max(10).default(["FOLLOW_UP"]),
  active: z.boolean().default(true),
});
const minuteOfDay = z
  .number()
  .int()
  .min(0)
  .max(24 * 60);
const rule = z.object({
  weekdays: z.array(z.number().int().min(0).max(6)).min(1, "Pick at least one day").max(7),
  startMinute: minuteOfDay,
  endMinute: minuteOfDay,
  slotMinutes: z.number().int().min(5).max(240),
  bufferMinutes: z.number().int().min(0).max(120).default(0),
});

// Slot horizon from the same settings the nightly task uses.
const weeks = () => loadVisitSettings().VISIT_SLOT_WEEKS;

export const visitRouter = router({
  clinics: router({
    // Nurses read clinics for the slot picker and to tell a patient where to go.
    list: nurseProcedure.query(({ ctx }) => listClinics(ctx.db)),
    create: adminProcedure.input(clinicData).mutation(({ ctx, input }) => createClinic(ctx.db, input)),
    update: adminProcedure
      .input(z.object({ id, data: clinicData }))
      .mutation(({ ctx, input }) => updateClinic(ctx.db, { ...input, weeks: weeks() })),
  }),
  clinicians: router({
    create: adminProcedure
      .input(clinicianData.extend({ clinicId: id }))
      .mutation(({ ctx, input }) => createClinician(ctx.db, input)),
    update: adminProcedure
      .input(z.object({ id, data: clinicianData }))
      .mutation(({ ctx, input }) => updateClinician(ctx.db, { ...input, weeks: weeks() })),
    setAvailability: adminProcedure
      .input(
        z.object({
          clinicianId: id,
          rules: z.array(rule).max(14),
          exceptions: z
            .array(z.object({ date: localDate, reason: z.string().trim().max(120).default("") }))
            .max(120),
        }),
      )
      .mutation(({ ctx, input }) => setAvailability(ctx.db, { ...input, weeks: weeks() })),
  }),
  slots: nurseProcedure
    .input(
      z.object({
        // Without it, the next two weeks on the server's clock (a demo may have moved it ahead).
        to: boundedDate("Until").optional(),
        // Visit changes: or a window in days from the server's clock (the picker widens it).
        days: z.number().int().min(1).max(90).optional(),
        clinicId: id.optional(),
        clinicianId: id.optional(),
        language: z.enum(Language).optional(),
        limit: z.number().int().min(1).max(200).default(50),
      }),
    )
    .query(({ ctx, input }) => listFreeSlots(ctx.db, input)),
  // Visit requests patients made by text, for nurses to approve, reject or change.
  requests: nurseProcedure.query(({ ctx }) => listOpenRequests(ctx.db)),
  approve: nurseProcedure
    .input(z.object({ id }))
    .mutation(({ ctx, input }) =>
      approveRequest({ db: ctx.db, jobs }, { requestId: input.id, userId: ctx.user.id }),
    ),
  reject: nurseProcedure
    .input(z.object({ id, reason: z.string().trim().min(2).max(300) }))
    .mutation(({ ctx, input }) =>
      rejectRequest({ db: ctx.db, jobs }, { requestId: input.id, userId: ctx.user.id, reason: input.reason }),
    ),
  proposeChange: nurseProcedure
    .input(z.object({ id, slotId: id }))
    .mutation(({ ctx, input }) =>
      proposeChange({ db: ctx.db, jobs }, { requestId: input.id, userId: ctx.user.id, slotId: input.slotId }),
    ),
  book: nurseProcedure
    .input(z.object({ episodeId: id, slotId: id }))
    .mutation(({ ctx, input }) =>
      bookDirectly(
        { db: ctx.db, jobs, ...(ctx.sms ? { sms: ctx.sms } : {}) },
        { ...input, userId: ctx.user.id },
      ),
    ),
  // Visit outcomes (issue 15, "visit-after"): past visits to mark, attended / no-show.
  toMark: nurseProcedure.query(({ ctx }) => listVisitsToMark(ctx.db)),
  patientAppointments: nurseProcedure
    .input(z.object({ patientId: id }))
    .query(({ ctx, input }) => listPatientAppointments(ctx.db, input.patientId)),
  rideBooked: nurseProcedure
    .input(z.object({ appointmentId: id }))
    .mutation(({ ctx, input }) => markRideBooked(ctx.db, input)),
  recordOutcome: nurseProcedure
    .input(z.object({ appointmentId: id, outcome: z.enum(["ATTENDED", "NO_SHOW"]) }))
    .mutation(({ ctx, input }) =>
      recordVisitOutcome(
        { db: ctx.db, jobs, ...(ctx.sms ? { sms: ctx.sms } : {}) },
        { ...input, userId: ctx.user.id, source: "STAFF" },
      ),
    ),
  // Visit changes (issue 15, "visit-changes"): the clinic cancels a clinician's day or one time.
  episodeVisit: nurseProcedure
    .input(z.object({ episodeId: id }))
    .query(({ ctx, input }) => episodeVisit(ctx.db, input.episodeId)),
  day: nurseProcedure
    .input(z.object({ clinicianId: id, date: localDate }))
    .query(({ ctx, input }) => clinicianDay(ctx.db, input)),
  cancelTimes: nurseProcedure
    .input(
      z
        .object({
          clinicianId: id,
          date: localDate.optional(),
          slotId: id.optional(),
          reason: z.string().trim().min(2, "Give a reason").max(300),
        })
        .refine((v) => v.date || v.slotId, "Pick a day or a time"),
    )
    .mutation(({ ctx, input }) => {
      if (!ctx.sms) throw new AppError("PRECONDITION_FAILED", "Texting is not configured");
      return cancelClinicTimes({ db: ctx.db, jobs, sms: ctx.sms }, { ...input, userId: ctx.user.id });
    }),
});
