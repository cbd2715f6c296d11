import { apiClientManager } from "@trigger.dev/core/v3";
import { auth, runs } from "@trigger.dev/sdk";
import { traceLines } from "./trace-lines.js";

/**
 * The console's view of background runs, read through the Trigger.dev SDK from whichever engine is
 * active (Trigger.dev, or the embedded engine in embedded mode). Tags say whose runs they are.
 */

/** Run statuses the console may filter by (the SDK's own names). */
export const RUN_STATUSES = [
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
] as const;
export type RunStatus = (typeof RUN_STATUSES)[number];

/**
 * A short-lived read-only token for @trigger.dev/react-hooks, scoped to the tags asked for, and the
 * API base URL the browser should subscribe to. It cannot be revoked, so it lives only two minutes
 * and the SPA re-mints it each minute: after sign-out (when re-minting needs a session) it stops
 * working within two minutes.
 */
export async function runsAccess(tags: string[]) {
  const publicAccessToken = await auth.createPublicToken({
    scopes: { read: { tags } },
    expirationTime: "2m",
  });
  return {
    publicAccessToken,
    baseURL: process.env.TRIGGER_PUBLIC_API_URL ?? process.env.TRIGGER_API_URL ?? "https://api.trigger.dev",
  };
}

export async function listRuns(filter: {
  tag?: string | undefined;
  taskIdentifier?: string | undefined;
  status?: RunStatus[] | undefined;
  limit: number;
}) {
  const page = await runs.list({
    limit: filter.limit,
    ...(filter.tag ? { tag: filter.tag } : {}),
    ...(filter.taskIdentifier ? { taskIdentifier: filter.taskIdentifier } : {}),
    ...(filter.status ? { status: filter.status } : {}),
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
}

export async function getRun(runId: string) {
  const r = await runs.retrieve(runId);
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
}

export async function cancelRun(runId: string) {
  await runs.cancel(runId);
  return { ok: true };
}

export async function replayRun(runId: string) {
  const r = await runs.replay(runId);
  return { id: r.id };
}

/** At most this many lines are sent to the console (the engine keeps up to 1,000 per attempt). */
const MAX_LOG_LINES = 500;

/**
 * The run's `logger.*` and `console.*` lines and the spans its code made (`logger.trace`, AI SDK calls),
 * depth first, from the run's trace (`GET /api/v1/runs/:id/trace`, on the embedded engine and on
 * Trigger.dev alike). They may mention patients: shown to signed-in staff only, never logged.
 */
export async function getRunLogs(runId: string) {
  const { trace } = await apiClientManager.clientOrThrow().retrieveRunTrace(runId);
  return traceLines(trace.rootSpan, MAX_LOG_LINES);
}
