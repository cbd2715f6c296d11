import { z } from "zod";
import { jobs } from "../jobs/index.js";
import { AppError } from "../lib/errors.js";
import { recordView } from "../services/timeline/record-view.js";
import { listConversation, receiveInbound } from "../sms/index.js";
import type { Context } from "../trpc/context.js";
import { nurseProcedure, router } from "../trpc/trpc.js";

// The patient phone simulator plays patients in the demo only, and only where texts go to the
// local outbox: with Twilio configured, patients use real phones, and a reply typed here would
// be taken as theirs.
function requireOutbox(ctx: Context) {
  if (!ctx.config.demo) throw new AppError("FORBIDDEN", "The phone simulator is only available in demo mode");
  if (ctx.smsConfig?.mode !== "embedded") {
    throw new AppError("PRECONDITION_FAILED", "The phone simulator is only available in embedded mode");
  }
  return ctx.smsConfig;
}

export const simRouter = router({
  patients: nurseProcedure.query(async ({ ctx }) => {
    requireOutbox(ctx);
    // Names and phone numbers of every simulated patient: who looked is on the audit trail.
    await recordView(ctx.db, { userId: ctx.user.id, action: "VIEW_SIMULATOR" });
    const rows = await ctx.db.patient.findMany({
      orderBy: [{ lastName: "asc" }, { firstName: "asc" }],
      take: 500,
      select: {
        id: true,
        firstName: true,
        lastName: true,
        phone: true,
        preferredLanguage: true,
        optedOut: true,
        consentStatus: true,
      },
    });
    return rows.map((p) => ({
      id: p.id,
      displayName: `${p.firstName} ${p.lastName}`,
      phone: p.phone,
      language: p.preferredLanguage,
      optedOut: p.optedOut,
      consentStatus: p.consentStatus,
    }));
  }),
  conversation: nurseProcedure
    .input(z.object({ patientId: z.string().min(1).max(64) }))
    .query(async ({ ctx, input }) => {
      requireOutbox(ctx);
      await recordView(ctx.db, { userId: ctx.user.id, patientId: input.patientId, action: "VIEW_SIMULATOR" });
      return { messages: await listConversation(ctx.db, input.patientId) };
    }),
  reply: nurseProcedure
    .input(z.object({ patientId: z.string().min(1).max(64), body: z.string().trim().min(1).max(1600) }))
    .mutation(async ({ ctx, input }) => {
      const config = requireOutbox(ctx);
      const patient = await ctx.db.patient.findUnique({
        where: { id: input.patientId },
        select: { phone: true },
      });
      if (!patient) throw new AppError("NOT_FOUND", "Patient not found");
      // Same pipeline as a Twilio webhook: stored first, keywords at once, then routed durably.
      const result = await receiveInbound({
        db: ctx.db,
        config,
        from: patient.phone,
        body: input.body,
        ...(ctx.sms ? { sms: ctx.sms } : {}),
        onInbound: jobs.routeInbound,
      });
      return result.kind === "UNKNOWN_SENDER"
        ? { stored: false }
        : { stored: true, messageId: result.messageId };
    }),
});
