import { z } from "zod";
import { ehrNotesForTask } from "../services/ehr-notes/index.js";
import { nurseProcedure, router } from "../trpc/trpc.js";

/** Where the clinical notes a task produced stand with the EHR (services/ehr-notes). */
export const ehrNoteRouter = router({
  forTask: nurseProcedure
    .input(z.object({ taskId: z.string().min(1).max(64) }))
    .query(({ ctx, input }) => ehrNotesForTask(ctx.db, input.taskId)),
});
