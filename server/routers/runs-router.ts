import { auth, runs } from "@trigger.dev/sdk";
import { z } from "zod";
import { nurseProcedure, router, supervisorProcedure } from "../trpc/trpc.js";

const TAG = /^(patient|episode|task|appointment|message):[a-z0-9]{6,40}$/;
const STATUS = z.enum([
  "QUEUED",
  "EXECUTING",
  "WAITING",
  "COMPLETED",
  "FAILED",
  "CANCELED",
  "CRASHED",
  "SYSTEM_FAILURE",
  "DELAYED",
  "EXPIRED",
  "TIMED_OUT",
]);

export const runsRouter = router({
  /**
   * A short-lived read-only token for @trigger.dev/react-hooks, scoped to the tags asked for,
   * and the API base URL the browser should subscribe to (the engine or Trigger.dev). It cannot be
   * revoked, so it lives only two minutes and the SPA re-mints it each minute: after sign-out
   * (when re-minting needs a session) it stops working within two minutes.
   */
  access: nurseProcedure
    .input(z.object({ tags: z.array(z.string().regex(TAG)).min(1).max(5) }))
    .query(async ({ input }) => {
      const publicAccessToken = await auth.createPublicToken({
        scopes: { read: { tags: input.tags } },
        expirationTime: "2m",
      });
      return {
        publicAccessToken,
        baseURL:
          process.env.TRIGGER_PUBLIC_API_URL ?? process.env.TRIGGER_API_URL ?? "https://api.trigger.dev",
      };
    }),
  list: nurseProcedure
    .input(
      z.object({
        tag: z.string().regex(TAG).optional(),
        taskIdentifier: z
          .string()
          .regex(/^[a-z0-9.-]{2,64}$/)
          .optional(),
        status: z.array(STATUS).max(11).optional(),
        limit: z.number().int().min(1).max(100).default(50),
      }),
    )
    .query(async ({ input }) => {
      const page = await runs.list({
        limit: input.limit,
        ...(input.tag ? { tag: input.tag } : {}),
        ...(input.taskIdentifier ? { taskIdentifier: input.taskIdentifier } : {}),
        ...(input.status ? { status: input.status } : {}),
      });
      return {
        runs: page.data.map((r) => ({
          id: r.id,
          taskIdentifier: r.taskIdentifier,
          status: r.status,
          tags: r.tags,
          createdAt: r.createdAt,
          startedAt: r.startedAt ?? null,
          finishedAt: r.finishedAt ?? null,
          durationMs: r.durationMs,
          metadata: r.metadata ?? null,
        })),
      };
    }),
  get: nurseProcedure
    .input(z.object({ id: z.string().regex(/^run_[a-z0-9]+$/) }))
    .query(async ({ input }) => {
      const r = await runs.retrieve(input.id);
      return {
        id: r.id,
        taskIdentifier: r.taskIdentifier,
        status: r.status,
        tags: r.tags,
        attemptCount: r.attemptCount ?? null,
        createdAt: r.createdAt,
        finishedAt: r.finishedAt ?? null,
        durationMs: r.durationMs,
        metadata: r.metadata ?? null,
        error: r.error ? { name: r.error.name ?? "Error", message: r.error.message } : null,
      };
    }),
  cancel: supervisorProcedure
    .input(z.object({ id: z.string().regex(/^run_[a-z0-9]+$/) }))
    .mutation(async ({ input }) => {
      await runs.cancel(input.id);
      return { ok: true };
    }),
  replay: supervisorProcedure
    .input(z.object({ id: z.string().regex(/^run_[a-z0-9]+$/) }))
    .mutation(async ({ input }) => {
      const r = await runs.replay(input.id);
      return { id: r.id };
    }),
});
