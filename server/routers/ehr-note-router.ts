import { z } from "zod";
import { EhrNoteStatus } from "../db/client.js";
import { startEhrNoteSend } from "../jobs/index.js";
import { ehrNoteCounts, ehrNotesForTask, listEhrNotes, resendEhrNote } from "../services/ehr-notes/index.js";
import { adminProcedure, nurseProcedure, router } from "../trpc/trpc.js";

const id = z.string().min(1).max(64);

/** Where the clinical notes stand with the EHR (services/ehr-notes), and an admin's re-send. */
export const ehrNoteRouter = router({
  forTask: nurseProcedure
    .input(z.object({ taskId: id }))
    .query(({ ctx, input }) => ehrNotesForTask(ctx.db, input.taskId)),
  list: adminProcedure
    .input(
      z.object({
        status: z.enum(EhrNoteStatus).optional(),
        cursor: id.optional(),
        limit: z.number().int().min(1).max(200).default(50),
      }),
    )
    .query(({ ctx, input }) => listEhrNotes(ctx.db, input)),
  counts: adminProcedure.query(({ ctx }) => ehrNoteCounts(ctx.db)),
  resend: adminProcedure
    .input(z.object({ id }))
    .mutation(({ ctx, input }) =>
      resendEhrNote({ db: ctx.db, start: startEhrNoteSend }, { noteId: input.id, userId: ctx.user.id }),
    ),
});
