import { z } from "zod";
import { Disposition } from "../db/client.js";
import { queueFiltersSchema, savedFiltersSchema } from "../domain/index.js";
import { jobs } from "../jobs/index.js";
import { getTask, listAssignees } from "../services/tasks/get-task.js";
import { listQueue } from "../services/tasks/list-queue.js";
import { deleteView, listSavedViews, saveView } from "../services/tasks/saved-views.js";
import { addTaskNote, claimTask, reassign, release, resolve } from "../services/tasks/task-commands.js";
import { nurseProcedure, router } from "../trpc/trpc.js";

const id = z.string().min(1).max(64);

function actorOf(user: { id: string; role: string }) {
  return { kind: "USER" as const, userId: user.id, isSupervisor: user.role !== "NURSE" };
}

export const taskRouter = router({
  get: nurseProcedure
    .input(z.object({ id }))
    .query(({ ctx, input }) => getTask(ctx.db, { taskId: input.id, viewerId: ctx.user.id })),
  assignees: nurseProcedure.query(({ ctx }) => listAssignees(ctx.db)),
  savedViews: nurseProcedure.query(({ ctx }) => listSavedViews(ctx.db, { userId: ctx.user.id })),
  saveView: nurseProcedure
    .input(
      z.object({
        name: z.string().trim().min(1, "Give the view a name").max(60),
        filters: savedFiltersSchema,
      }),
    )
    .mutation(({ ctx, input }) => saveView(ctx.db, { userId: ctx.user.id, ...input })),
  deleteView: nurseProcedure
    .input(z.object({ id }))
    .mutation(({ ctx, input }) => deleteView(ctx.db, { userId: ctx.user.id, id: input.id })),
  list: nurseProcedure
    .input(queueFiltersSchema.default({ scope: "all", limit: 500 }))
    .query(({ ctx, input }) => listQueue(ctx.db, { userId: ctx.user.id, filters: input })),
  claim: nurseProcedure
    .input(z.object({ id }))
    .mutation(({ ctx, input }) =>
      claimTask(ctx.db, { taskId: input.id, userId: ctx.user.id, isSupervisor: ctx.user.role !== "NURSE" }),
    ),
  release: nurseProcedure
    .input(z.object({ id, reason: z.string().trim().min(3, "Say why you are releasing it").max(500) }))
    .mutation(({ ctx, input }) =>
      release({ db: ctx.db, jobs }, { taskId: input.id, reason: input.reason, actor: actorOf(ctx.user) }),
    ),
  reassign: nurseProcedure
    .input(z.object({ ids: z.array(id).min(1).max(200), toUserId: id }))
    .mutation(({ ctx, input }) =>
      reassign(
        { db: ctx.db, ...(ctx.sms ? { sms: ctx.sms } : {}), ...(ctx.email ? { email: ctx.email } : {}) },
        { taskIds: input.ids, toUserId: input.toUserId, actor: actorOf(ctx.user) },
      ),
    ),
  addNote: nurseProcedure
    .input(z.object({ id, text: z.string().trim().min(1).max(4000), contact: z.boolean().default(false) }))
    .mutation(({ ctx, input }) =>
      addTaskNote(ctx.db, {
        taskId: input.id,
        text: input.text,
        contact: input.contact,
        actor: actorOf(ctx.user),
      }),
    ),
  resolve: nurseProcedure
    .input(z.object({ id, disposition: z.enum(Disposition), note: z.string().trim().max(4000).optional() }))
    .mutation(({ ctx, input }) =>
      resolve(
        { db: ctx.db, jobs },
        {
          taskId: input.id,
          disposition: input.disposition,
          ...(input.note ? { note: input.note } : {}),
          actor: actorOf(ctx.user),
        },
      ),
    ),
});
