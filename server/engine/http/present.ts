import { parsePacket } from "@trigger.dev/core/v3";
import type { RunRow } from "../core/db.js";
import { EMBEDDED_VERSION } from "../core/run-ops.js";

const API_STATUS: Record<string, string> = {
  PENDING: "QUEUED",
  DELAYED: "DELAYED",
  DEQUEUED: "DEQUEUED",
  EXECUTING: "EXECUTING",
  RETRYING_AFTER_FAILURE: "EXECUTING",
  WAITING_TO_RESUME: "WAITING",
  COMPLETED_SUCCESSFULLY: "COMPLETED",
  COMPLETED_WITH_ERRORS: "FAILED",
  CANCELED: "CANCELED",
  CRASHED: "CRASHED",
  SYSTEM_FAILURE: "SYSTEM_FAILURE",
  EXPIRED: "EXPIRED",
  TIMED_OUT: "TIMED_OUT",
};

export const apiStatus = (status: string): string => API_STATUS[status] ?? "QUEUED";

/** The platform returns payload/output as plain JSON (superjson Dates become ISO strings). */
async function packetAsJson(data: string | null, dataType: string | null): Promise<unknown> {
  if (data === null) return undefined;
  try {
    const value = await parsePacket({ data, dataType: dataType ?? "application/json" });
    return value === undefined ? undefined : JSON.parse(JSON.stringify(value));
  } catch {
    return data;
  }
}

function serializedError(error: Record<string, unknown> | null) {
  if (!error) return undefined;
  switch (error.type) {
    case "BUILT_IN_ERROR":
      return {
        message: String(error.message),
        name: String(error.name),
        stackTrace: String(error.stackTrace ?? ""),
      };
    case "STRING_ERROR":
      return { message: String(error.raw) };
    case "CUSTOM_ERROR":
      return { message: String(error.raw) };
    default:
      return {
        message: String(error.message ?? error.code ?? "Internal error"),
        name: String(error.code ?? "Error"),
      };
  }
}

export function commonFields(run: RunRow) {
  const status = apiStatus(run.status);
  const final = ["COMPLETED", "FAILED", "CANCELED", "CRASHED", "SYSTEM_FAILURE", "EXPIRED", "TIMED_OUT"];
  const durationMs =
    run.started_at && run.completed_at ? run.completed_at.getTime() - run.started_at.getTime() : 0;
  return {
    id: run.friendly_id,
    status,
    taskIdentifier: run.task_identifier,
    ...(run.idempotency_key_user ? { idempotencyKey: run.idempotency_key_user } : {}),
    version: EMBEDDED_VERSION,
    isQueued: ["QUEUED", "DELAYED"].includes(status),
    isExecuting: status === "EXECUTING",
    isWaiting: status === "WAITING",
    isCompleted: final.includes(status),
    isSuccess: status === "COMPLETED",
    isFailed: final.includes(status) && status !== "COMPLETED" && status !== "CANCELED",
    isCancelled: status === "CANCELED",
    isTest: run.is_test,
    createdAt: run.created_at,
    updatedAt: run.updated_at,
    ...(run.started_at ? { startedAt: run.started_at } : {}),
    ...(run.completed_at ? { finishedAt: run.completed_at } : {}),
    ...(run.delay_until ? { delayedUntil: run.delay_until } : {}),
    ...(run.ttl ? { ttl: run.ttl } : {}),
    ...(run.status === "EXPIRED" && run.completed_at ? { expiredAt: run.completed_at } : {}),
    tags: run.tags,
    costInCents: 0,
    baseCostInCents: 0,
    durationMs: Math.max(0, durationMs),
    ...(run.metadata ? { metadata: run.metadata } : {}),
  };
}

function related(run: RunRow) {
  return {
    ...commonFields(run),
    depth: run.depth,
    triggerFunction: run.trigger_function,
    ...(run.batch_id ? { batchId: run.batch_id } : {}),
  };
}

export async function presentRun(
  run: RunRow,
  relatives: { parent?: RunRow; root?: RunRow; children: RunRow[] },
) {
  const error = serializedError(run.error);
  return {
    ...related(run),
    payload: await packetAsJson(run.payload, run.payload_type),
    output: await packetAsJson(run.output, run.output_type),
    ...(error ? { error } : {}),
    relatedRuns: {
      ...(relatives.root ? { root: related(relatives.root) } : {}),
      ...(relatives.parent ? { parent: related(relatives.parent) } : {}),
      children: relatives.children.map(related),
    },
    attemptCount: run.attempt_number,
  };
}

export function presentListItem(run: RunRow) {
  return { ...commonFields(run), env: { id: "env_embedded", name: "dev" } };
}
