import type { IncomingMessage, ServerResponse } from "node:http";
import type { TaskRunError } from "@trigger.dev/core/v3";

/**
 * Internal database run statuses. Realtime sends these raw; the SDK maps them to its public
 * RunStatus (PENDING -> QUEUED, COMPLETED_SUCCESSFULLY -> COMPLETED, ...). Sending a public
 * status such as "COMPLETED" makes the SDK report QUEUED, so the core must store these.
 */
export type RealtimeRunStatus =
  | "PENDING"
  | "DELAYED"
  | "DEQUEUED"
  | "EXECUTING"
  | "RETRYING_AFTER_FAILURE"
  | "WAITING_TO_RESUME"
  | "PAUSED"
  | "COMPLETED_SUCCESSFULLY"
  | "COMPLETED_WITH_ERRORS"
  | "INTERRUPTED"
  | "CANCELED"
  | "CRASHED"
  | "SYSTEM_FAILURE"
  | "EXPIRED"
  | "TIMED_OUT";

/** One run as the realtime shape needs it (mirrors `SubscribeRunRawShape` of @trigger.dev/core 4.8.3). */
export interface RealtimeRunRow {
  /** Internal primary key; only used to build the Electric message key. */
  id: string;
  /** `run_...`; what the SDK exposes as `run.id`. */
  friendlyId: string;
  taskIdentifier: string;
  status: RealtimeRunStatus;
  createdAt: Date;
  updatedAt: Date;
  startedAt: Date | null;
  completedAt: Date | null;
  delayUntil?: Date | null;
  queuedAt?: Date | null;
  expiredAt?: Date | null;
  idempotencyKey?: string | null;
  ttl?: string | null;
  /** Packets stored opaquely as the SDK sent them (e.g. superjson text + "application/super+json"). */
  payload: string | null;
  payloadType: string | null;
  output: string | null;
  outputType: string | null;
  /** Metadata as JSON text (e.g. `JSON.stringify(obj)`), with metadataType "application/json". */
  metadata: string | null;
  metadataType: string | null;
  runTags: string[];
  /** Set when the run failed; must be a valid TaskRunError or the SDK rejects the shape. */
  error: TaskRunError | null;
  isTest: boolean;
  number?: number;
  usageDurationMs?: number;
  costInCents?: number;
  baseCostInCents?: number;
  realtimeStreams?: string[];
  /** `batch_...` friendly id when the run was created by a batch (for /realtime/v1/batches/{id}). */
  batchFriendlyId?: string | null;
  /**
   * Change sequence: set from one global, monotonically increasing counter on EVERY write to the
   * run (insert or update). Realtime offsets are built from it, so a write that does not bump it
   * is never delivered to live subscribers.
   */
  seq: bigint | number;
}

/** What the realtime handler reads. The engine core implements it over `trigger_engine` tables. */
export interface RealtimeRunSource {
  /** By friendly id (`run_...`). */
  getRun(friendlyId: string): Promise<RealtimeRunRow | null>;
  /**
   * Runs whose tags contain ALL of `tags` (Postgres `"runTags" @> $1`, as upstream), created after
   * `createdAfter` when given, newest first, at most `limit`.
   */
  listRunsByTags(tags: string[], createdAfter?: Date, limit?: number): Promise<RealtimeRunRow[]>;
  /** Optional; without it `/realtime/v1/batches/{id}` answers 404. */
  listRunsByBatch?(batchFriendlyId: string): Promise<RealtimeRunRow[]>;
  /**
   * Highest visible `seq` (0 when none), e.g. `max(seq)`. Offsets and wake-ups are built on it; a
   * write that commits later with a lower seq is still delivered, because each handle remembers
   * what it was sent and the shape is re-read at every long poll (at worst one poll later).
   */
  currentSeq(): Promise<bigint>;
  /**
   * Resolves once any run has a seq greater than `afterSeq` (LISTEN/NOTIFY-backed in the core),
   * or after `timeoutMs`, or when `signal` aborts. Must resolve at once if that is already true.
   * Never rejects for timeout/abort.
   */
  waitForChange(afterSeq: bigint, signal: AbortSignal, timeoutMs: number): Promise<void>;
}

/** What a request wants to read; passed to `authorize` so it can check secret keys or JWT scopes. */
export type RealtimeScope =
  | { kind: "run"; runId: string; runTags: string[]; batchId: string | null }
  | { kind: "tags"; tags: string[] }
  | { kind: "batch"; batchId: string };

export type RealtimeAuthResult = { ok: true } | { ok: false; status: 401 | 403; message: string };

export type RealtimeAuthorize = (req: IncomingMessage, scope: RealtimeScope) => Promise<RealtimeAuthResult>;

export interface RealtimeHandlerOptions {
  source: RealtimeRunSource;
  authorize: RealtimeAuthorize;
  /** How long a `live=true` request is held without a change (default 20 000 ms, +-15% jitter). */
  liveTimeoutMs?: number;
}

/**
 * Node http middleware: answers `/realtime/v1/...` (including CORS preflight) and resolves true;
 * resolves false without touching `res` for any other path.
 */
export type RealtimeRequestHandler = (req: IncomingMessage, res: ServerResponse) => Promise<boolean>;

export type CreateRealtimeHandler = (options: RealtimeHandlerOptions) => RealtimeRequestHandler;
