import { createHash, randomBytes } from "node:crypto";
import {
  CompleteWaitpointTokenRequestBody,
  CompleteWaitpointTokenResponseBody,
  CreateInputStreamWaitpointRequestBody,
  CreateInputStreamWaitpointResponseBody,
  CreateWaitpointTokenRequestBody,
  CreateWaitpointTokenResponseBody,
  stringifyIO,
  WaitForDurationRequestBody,
  WaitForDurationResponseBody,
  WaitForWaitpointTokenResponseBody,
  WaitpointRetrieveTokenResponse,
} from "@trigger.dev/core/v3";
import type pg from "pg";
import {
  EngineHttpError,
  type ExecutionRef,
  type JournalSlot,
  journaled,
  journalKind,
  noteWaitpoint,
  replayedWaitpoint,
  tryJournaledInsert,
} from "../core/core.js";
import { getRunByFriendlyId, getWaitpoint, inTx, isFinal, type WaitpointRow } from "../core/db.js";
import { newWaitpointId, parsePeriodMs, resolveDate } from "../core/ids.js";
import { INPUT_STREAM_ID, linkInputWait } from "../core/input-streams.js";
import { completeToken } from "../core/waitpoints.js";
import { canCompleteToken, canReadToken, requireSecret } from "./auth.js";
import { readJson, readText, sendJson } from "./io.js";
import type { Route, RouteContext } from "./route-types.js";

const DEFAULT_KEY_TTL_MS = 30 * 24 * 3600 * 1000;

function callbackUrl(ctx: RouteContext, wp: WaitpointRow): string {
  return `${ctx.core.apiUrl()}/api/v1/waitpoints/tokens/${wp.id}/callback/${wp.callback_secret}`;
}

/** An idempotency key returns the live waitpoint that holds it (the original deadline stays). */
async function byKey(c: pg.PoolClient, type: string, key: string | undefined, now: Date) {
  if (!key) return undefined;
  const res = await c.query<WaitpointRow>(
    "SELECT * FROM trigger_engine.waitpoints WHERE type = $1 AND idempotency_key = $2 FOR UPDATE",
    [type, key],
  );
  const wp = res.rows[0];
  if (!wp) return undefined;
  if (wp.idempotency_key_expires_at && wp.idempotency_key_expires_at <= now) {
    await c.query("UPDATE trigger_engine.waitpoints SET idempotency_key = NULL WHERE id = $1", [wp.id]);
    return undefined;
  }
  return wp;
}

/** The INSERT of a waitpoint; with a key another call already holds, it inserts nothing. */
function insertWaitpointSql(fields: Record<string, unknown>): { text: string; values: unknown[] } {
  const cols = Object.keys(fields);
  return {
    text: `INSERT INTO trigger_engine.waitpoints (${cols.join(", ")}) VALUES (${cols.map((_, i) => `$${i + 1}`).join(", ")})
     ON CONFLICT (type, idempotency_key) WHERE idempotency_key IS NOT NULL DO NOTHING RETURNING *`,
    values: Object.values(fields),
  };
}

/** Inserts a waitpoint; a concurrent call that took the same key first wins and is returned. */
async function insertWaitpoint(c: pg.PoolClient, fields: Record<string, unknown>): Promise<WaitpointRow> {
  const res = await c.query<WaitpointRow>(insertWaitpointSql(fields));
  if (res.rows[0]) return res.rows[0];
  const taken = await c.query<WaitpointRow>(
    "SELECT * FROM trigger_engine.waitpoints WHERE type = $1 AND idempotency_key = $2",
    [fields.type, fields.idempotency_key],
  );
  if (!taken.rows[0]) throw new EngineHttpError(409, "Idempotency key conflict, try again");
  return taken.rows[0];
}

/**
 * A journaled call that finds or makes a waitpoint: the row it found or made is the answer; only a
 * replay (the journal already names the waitpoint) reads it.
 */
async function journaledWaitpoint(
  c: pg.PoolClient,
  exec: ExecutionRef | undefined,
  runId: string | undefined,
  kind: string,
  findOrMake: () => Promise<WaitpointRow>,
  slot: JournalSlot | undefined,
): Promise<WaitpointRow> {
  let row: WaitpointRow | undefined;
  const { value } = await journaled(
    c,
    exec,
    runId,
    kind,
    async () => {
      row = await findOrMake();
      return row.id;
    },
    slot,
  );
  return row ?? (await getWaitpoint(c, value))!;
}

/**
 * Finds or makes the waitpoint a journaled call asks for (`own` are its type's own columns). With
 * an idempotency key, the live waitpoint holding it is the answer (`isCached`), looked up in a
 * transaction; without one there is nothing to look up, and the waitpoint and its journal entry
 * are written by one statement.
 */
async function findOrMakeWaitpoint(
  pool: pg.Pool,
  call: { exec: ExecutionRef | undefined; runId: string | undefined; kind: string },
  type: "MANUAL" | "DATETIME",
  key: { value: string | undefined; ttl: string | undefined },
  now: Date,
  own: () => Record<string, unknown>,
): Promise<{ wp: WaitpointRow; isCached: boolean }> {
  const fields = () => {
    const keyTtl = (key.ttl && parsePeriodMs(key.ttl)) || DEFAULT_KEY_TTL_MS;
    return {
      id: newWaitpointId(),
      type,
      idempotency_key: key.value ?? null,
      idempotency_key_expires_at: key.value ? new Date(now.getTime() + keyTtl) : null,
      ...own(),
      created_at: now,
    };
  };
  // Without a key, or with a key no waitpoint holds yet (a run's own step key, the usual case), the
  // INSERT and its journal entry are the whole call: one statement, no transaction.
  const first = await tryJournaledInsert(
    pool,
    call.exec,
    call.runId,
    call.kind,
    insertWaitpointSql(fields()),
    (id) => getWaitpoint(pool, id),
  );
  if (first.row) return { wp: first.row, isCached: false };
  if (!key.value) throw new EngineHttpError(500, "A waitpoint without a key was not inserted");
  // The key is held (live: the answer is that waitpoint; expired: released, then a new one). The
  // lookup sits inside the journaled step (the same journal slot) so a replay gets it back.
  return inTx(pool, async (c) => {
    let isCached = false;
    const wp = await journaledWaitpoint(
      c,
      call.exec,
      call.runId,
      call.kind,
      async () => {
        const existing = await byKey(c, type, key.value, now);
        if (existing) {
          isCached = true;
          return existing;
        }
        return insertWaitpoint(c, fields());
      },
      first.slot,
    );
    return { wp, isCached };
  });
}

/** A MANUAL waitpoint's own columns, from a `wait.createToken` or input-stream `.wait()` body. */
function tokenFields(
  body: { timeout?: string | Date; tags?: string | string[] },
  now: Date,
): Record<string, unknown> {
  return {
    timeout_at: resolveDate(body.timeout, now.getTime()) ?? null,
    callback_secret: randomBytes(16).toString("hex"),
    tags: body.tags === undefined ? [] : Array.isArray(body.tags) ? body.tags : [body.tags],
  };
}

async function createToken(ctx: RouteContext): Promise<void> {
  requireSecret(ctx.caller);
  const body = await readJson(ctx.req, CreateWaitpointTokenRequestBody);
  const now = ctx.core.clock.now();
  const exec = ctx.caller.kind === "secret" ? ctx.caller.exec : undefined;
  const out = await findOrMakeWaitpoint(
    ctx.core.pool,
    { exec, runId: exec?.runId, kind: journalKind("token", body.idempotencyKey) },
    "MANUAL",
    { value: body.idempotencyKey, ttl: body.idempotencyKeyTTL },
    now,
    () => tokenFields(body, now),
  );
  sendJson(
    ctx.res,
    200,
    { id: out.wp.id, isCached: out.isCached, url: callbackUrl(ctx, out.wp) },
    CreateWaitpointTokenResponseBody,
  );
}

/**
 * `streams.input(...).wait()`: a MANUAL waitpoint (made as `wait.createToken` makes one, journaled
 * the same way) that the run's next record on that stream completes (core/input-streams.ts).
 */
async function createInputWait(ctx: RouteContext): Promise<void> {
  requireSecret(ctx.caller);
  const body = await readJson(ctx.req, CreateInputStreamWaitpointRequestBody);
  if (!INPUT_STREAM_ID.test(body.streamId)) throw new EngineHttpError(400, "Invalid input stream id");
  const run = await getRunByFriendlyId(ctx.core.pool, ctx.params[0]!);
  if (!run) throw new EngineHttpError(404, "Run not found");
  if (isFinal(run.status))
    throw new EngineHttpError(400, "Cannot wait on an input stream of a completed run");
  const now = ctx.core.clock.now();
  const exec = ctx.caller.kind === "secret" ? ctx.caller.exec : undefined;
  const out = await findOrMakeWaitpoint(
    ctx.core.pool,
    { exec, runId: exec?.runId, kind: journalKind(`input:${body.streamId}`, body.idempotencyKey) },
    "MANUAL",
    { value: body.idempotencyKey, ttl: body.idempotencyKeyTTL },
    now,
    () => tokenFields(body, now),
  );
  await linkInputWait(ctx.core.pool, run, body.streamId, out.wp.id, body.lastSeqNum, !out.isCached, now);
  sendJson(
    ctx.res,
    200,
    { waitpointId: out.wp.id, isCached: out.isCached },
    CreateInputStreamWaitpointResponseBody,
  );
}

async function complete(ctx: RouteContext, id: string, data: unknown): Promise<void> {
  const packet = await stringifyIO(data);
  const outcome = await completeToken(ctx.core.pool, id, ctx.core.clock.now(), {
    data: packet.data ?? null,
    type: packet.dataType,
  });
  if (outcome === "missing") throw new EngineHttpError(404, "Waitpoint token not found");
  ctx.core.wake();
}

async function retrieveToken(ctx: RouteContext): Promise<void> {
  const wp = await getWaitpoint(ctx.core.pool, ctx.params[0]!);
  if (wp?.type !== "MANUAL" || !canReadToken(ctx.caller, wp.id))
    throw new EngineHttpError(404, "Waitpoint token not found");
  const body = {
    id: wp.id,
    // The callback URL carries the secret that completes the token: only secret keys see it.
    url: ctx.caller.kind === "secret" ? callbackUrl(ctx, wp) : "",
    status: wp.status,
    ...(wp.completed_at ? { completedAt: wp.completed_at } : {}),
    ...(wp.timeout_at ? { timeoutAt: wp.timeout_at } : {}),
    ...(wp.idempotency_key ? { idempotencyKey: wp.idempotency_key } : {}),
    ...(wp.idempotency_key_expires_at ? { idempotencyKeyExpiresAt: wp.idempotency_key_expires_at } : {}),
    tags: wp.tags,
    createdAt: wp.created_at,
    ...(wp.output !== null ? { output: wp.output } : {}),
    ...(wp.output_type !== null ? { outputType: wp.output_type } : {}),
    outputIsError: wp.output_is_error,
  };
  sendJson(ctx.res, 200, body, WaitpointRetrieveTokenResponse);
}

async function waitDuration(ctx: RouteContext): Promise<void> {
  requireSecret(ctx.caller);
  const body = await readJson(ctx.req, WaitForDurationRequestBody);
  const exec = ctx.caller.kind === "secret" ? ctx.caller.exec : undefined;
  const own = exec?.runFriendlyId === ctx.params[0];
  const run = own ? { id: exec!.runId } : await getRunByFriendlyId(ctx.core.pool, ctx.params[0]!);
  if (!run) throw new EngineHttpError(404, "Run not found");
  const now = ctx.core.clock.now();
  const key = body.idempotencyKey;
  const kind = journalKind("wait", key);
  const replayed = await replayedWaitpoint(ctx.core.pool, own ? exec : undefined, run.id, kind);
  const wp =
    replayed ??
    // Environment-scoped like the platform; use idempotencyKeys.create() for a per-run scope.
    (
      await findOrMakeWaitpoint(
        ctx.core.pool,
        { exec: own ? exec : undefined, runId: run.id, kind },
        "DATETIME",
        { value: key, ttl: body.idempotencyKeyTTL },
        now,
        () => ({ complete_after: body.date }),
      )
    ).wp;
  if (own) noteWaitpoint(exec!, wp);
  sendJson(
    ctx.res,
    200,
    { waitUntil: wp.complete_after, waitpoint: { id: wp.id } },
    WaitForDurationResponseBody,
  );
}

export const waitpointRoutes: Route[] = [
  { method: "POST", pattern: /^\/api\/v1\/waitpoints\/tokens$/, handler: createToken },
  { method: "GET", pattern: /^\/api\/v1\/waitpoints\/tokens\/([^/]+)$/, handler: retrieveToken },
  {
    method: "POST",
    pattern: /^\/api\/v1\/waitpoints\/tokens\/([^/]+)\/complete$/,
    handler: async (ctx) => {
      // A public token completes only the waitpoint token it was minted for (`useWaitToken`).
      if (!canCompleteToken(ctx.caller, ctx.params[0]!))
        throw new EngineHttpError(403, "This token may not complete this waitpoint");
      const body = await readJson(ctx.req, CompleteWaitpointTokenRequestBody);
      await complete(ctx, ctx.params[0]!, body.data);
      sendJson(ctx.res, 200, { success: true }, CompleteWaitpointTokenResponseBody);
    },
  },
  {
    method: "POST",
    pattern: /^\/api\/v1\/waitpoints\/tokens\/([^/]+)\/callback\/([^/]+)$/,
    public: true,
    handler: async (ctx) => {
      const wp = await getWaitpoint(ctx.core.pool, ctx.params[0]!);
      const given = createHash("sha256").update(ctx.params[1]!).digest("hex");
      const expected = createHash("sha256")
        .update(wp?.callback_secret ?? "")
        .digest("hex");
      if (!wp || given !== expected) throw new EngineHttpError(404, "Waitpoint token not found");
      const text = await readText(ctx.req);
      let data: unknown;
      try {
        data = text.trim() ? JSON.parse(text) : undefined;
      } catch {
        throw new EngineHttpError(400, "Invalid JSON body");
      }
      await complete(ctx, wp.id, data);
      sendJson(ctx.res, 200, { success: true }, CompleteWaitpointTokenResponseBody);
    },
  },
  {
    method: "POST",
    pattern: /^\/engine\/v1\/runs\/([^/]+)\/waitpoints\/tokens\/([^/]+)\/wait$/,
    handler: async (ctx) => {
      requireSecret(ctx.caller);
      const exec = ctx.caller.kind === "secret" ? ctx.caller.exec : undefined;
      const own = exec?.runFriendlyId === ctx.params[0] ? exec : undefined;
      // The run's own wait that follows answers from this read (noteWaitpoint) instead of its own.
      // Its own run exists; any other caller's is looked up. Two texts, not a boolean parameter:
      // with one, each call's custom plan folded the lookup away and the generic plan was never kept.
      const found = await ctx.core.pool.query<
        Pick<WaitpointRow, "id" | "completed_at" | "output" | "output_type" | "output_is_error"> & {
          run: boolean;
        }
      >(
        `SELECT w.id, w.completed_at, w.output, w.output_type, w.output_is_error,
                ${own ? "true" : "EXISTS (SELECT 1 FROM trigger_engine.runs WHERE friendly_id = $2)"} AS run
         FROM trigger_engine.waitpoints w WHERE w.id = $1`,
        own ? [ctx.params[1]!] : [ctx.params[1]!, ctx.params[0]!],
      );
      const wp = found.rows[0];
      if (!wp?.run) throw new EngineHttpError(404, "Waitpoint or run not found");
      if (own) noteWaitpoint(own, wp);
      sendJson(ctx.res, 200, { success: true }, WaitForWaitpointTokenResponseBody);
    },
  },
  { method: "POST", pattern: /^\/engine\/v1\/runs\/([^/]+)\/wait\/duration$/, handler: waitDuration },
  { method: "POST", pattern: /^\/api\/v1\/runs\/([^/]+)\/input-streams\/wait$/, handler: createInputWait },
];
