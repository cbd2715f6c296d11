import { z } from "zod";
import { jobs } from "../jobs/index.js";
import { AppError } from "../lib/errors.js";
import { listSimulatedPatients, receiveSimulatedReply } from "../services/inbound/index.js";
import { recordView } from "../services/timeline/record-view.js";
import { createSmsService, listConversation } from "../sms/index.js";
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
    return listSimulatedPatients(ctx.db);
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
      const sms = ctx.sms ?? createSmsService({ db: ctx.db, config });
      // Same use case as a Twilio webhook: stored first, keywords at once, then routed durably.
      const result = await receiveSimulatedReply({ db: ctx.db, sms, jobs, config }, input);
      if (!result) throw new AppError("NOT_FOUND", "Patient not found");
      return result.kind === "UNKNOWN_SENDER"
        ? { stored: false }
        : { stored: true, messageId: result.messageId };
    }),
});
