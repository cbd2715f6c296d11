import { z } from "zod";
import { jobTags } from "../jobs/index.js";
import {
  cancelRun,
  getRun,
  getRunLogs,
  listRuns,
  RUN_STATUSES,
  replayRun,
  runsAccess,
} from "../services/runs/runs.js";
import { nurseProcedure, router, supervisorProcedure } from "../trpc/trpc.js";

// Only the tags the job starter writes (jobTags), each with a record id.
const TAG = new RegExp(`^(${Object.keys(jobTags).join("|")}):[a-z0-9]{6,40}$`);
const runId = z.object({ id: z.string().regex(/^run_[a-z0-9]+$/) });

export const runsRouter = router({
  /** A two-minute read token for the SPA's live run hooks, scoped to the tags asked for. */
  access: nurseProcedure
    .input(z.object({ tags: z.array(z.string().regex(TAG)).min(1).max(5) }))
    .query(({ input }) => runsAccess(input.tags)),
  list: nurseProcedure
    .input(
      z.object({
        tag: z.string().regex(TAG).optional(),
        taskIdentifier: z
          .string()
          .regex(/^[a-z0-9.-]{2,64}$/)
          .optional(),
        status: z.array(z.enum(RUN_STATUSES)).max(RUN_STATUSES.length).optional(),
        limit: z.number().int().min(1).max(100).default(50),
      }),
    )
    .query(({ input }) => listRuns(input)),
  get: nurseProcedure.input(runId).query(({ input }) => getRun(input.id)),
  /** The run's logger lines (newest runs' logs may lag by a fraction of a second). */
  logs: nurseProcedure.input(runId).query(({ input }) => getRunLogs(input.id)),
  cancel: supervisorProcedure.input(runId).mutation(({ input }) => cancelRun(input.id)),
  replay: supervisorProcedure.input(runId).mutation(({ input }) => replayRun(input.id)),
});
