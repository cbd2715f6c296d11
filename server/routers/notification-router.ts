import { z } from "zod";
import { listInbox, markInboxRead } from "../services/notifications/inbox.js";
import { authedProcedure, router } from "../trpc/trpc.js";

export const notificationRouter = router({
  list: authedProcedure
    .input(z.object({ limit: z.number().int().min(1).max(100).default(30) }).default({ limit: 30 }))
    .query(({ ctx, input }) => listInbox(ctx.db, { userId: ctx.user.id, limit: input.limit })),
  markRead: authedProcedure
    .input(z.object({ ids: z.array(z.string().min(1).max(64)).min(1).max(200).optional() }))
    .mutation(({ ctx, input }) =>
      markInboxRead(ctx.db, { userId: ctx.user.id, ...(input.ids ? { ids: input.ids } : {}) }),
    ),
});
