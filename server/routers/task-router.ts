import { z } from "zod";
import { Protocol, Severity, TaskPriority } from "../db/client.js";
import { listQueue } from "../services/tasks/list-queue.js";
import { nurseProcedure, router } from "../trpc/trpc.js";

export const queueFiltersSchema = z.object({
  scope: z.enum(["all", "mine", "unassigned"]).default("all"),
  priority: z.array(z.enum(TaskPriority)).max(3).optional(),
  severity: z.array(z.enum(Severity)).max(4).optional(),
  reason: z
    .array(z.string().regex(/^[A-Z0-9_]{2,64}$/))
    .max(20)
    .optional(),
  protocol: z.array(z.enum(Protocol)).max(7).optional(),
  episodeDay: z
    .object({
      min: z.number().int().min(1).max(60).optional(),
      max: z.number().int().min(1).max(60).optional(),
    })
    .optional(),
  limit: z.number().int().min(1).max(2000).default(500),
});

export const taskRouter = router({
  list: nurseProcedure
    .input(queueFiltersSchema.default({ scope: "all", limit: 500 }))
    .query(({ ctx, input }) => listQueue(ctx.db, { userId: ctx.user.id, filters: input })),
});
