import type { IncomingMessage, ServerResponse } from "node:http";
import type { EngineCore } from "../core/core.js";
import { EngineHttpError } from "../core/core.js";
import { getRunByFriendlyId, isFinal, type RunRow } from "../core/db.js";
import { INPUT_STREAM_ID, inputStreamKey, sendInput } from "../core/input-streams.js";
import {
  appendChunk,
  lastChunkIndex,
  readChunks,
  registerStream,
  type StreamHub,
  writeChunks,
} from "../core/streams.js";
import { authenticate, type Caller, canReadRun, canSendInput, requireSecret } from "./auth.js";
import { decodeParam, readText } from "./io.js";

// The SDK 4.8.3 realtime-streams wire protocol, version "v1" (no S2):
//   PUT  /realtime/v1/streams/:runId/:target/:key         createStream -> {version:"v1"}
//   POST /realtime/v1/streams/:runId/:target/:key         body: one JSON chunk per line (ndjson),
//        header X-Resume-From-Chunk = index of the first line
//   HEAD /realtime/v1/streams/:runId/:target/:key         -> X-Last-Chunk-Index (writer's resume probe)
//   POST /realtime/v1/streams/:runId/:target/:key/append  body: one part, as sent
//   GET  /realtime/v1/streams/:runId/:key                 SSE: `id: <idx>` + `data: <chunk>` per chunk;
//        Last-Event-ID resumes after that index, X-Trigger-Stream-Start: latest starts at the tail,
//        Timeout-Seconds closes the response after that long without a chunk. The response ends
//        once the run has finished and every chunk was sent (the SDK treats the end as completion).
// Input streams (the SDK sends and tails them the same way on v1 and v2 streams):
//   POST /realtime/v1/streams/:runId/input/:streamId      body {data}: one record (core/input-streams.ts)
//   GET  /realtime/v1/streams/:runId/input/:streamId      SSE of the records, as above

const MAX_CHUNK = 1024 * 1024;
const KEY = /^[A-Za-z0-9_.:-]{1,128}$/;
const CORS = { "access-control-allow-origin": "*", "access-control-expose-headers": "*" };

export interface StreamsContext {
  core: EngineCore;
  hub: StreamHub;
  secretKey: string;
  strictKeys: boolean;
}

export async function handleStreams(
  ctx: StreamsContext,
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
) {
  const parts = url.pathname.slice("/realtime/v1/streams/".length).split("/").map(decodeParam);
  const method = req.method ?? "GET";
  if (method === "OPTIONS") return preflight(req, res);
  const caller = await authenticate(ctx.core, req, ctx.secretKey, ctx.strictKeys);
  if (parts.length === 2 && method === "GET") return read(ctx, caller, req, res, parts[0]!, parts[1]!);
  const [runId, target, key, tail] = parts;
  if (target === "input") {
    if (!runId || !key || !INPUT_STREAM_ID.test(key) || parts.length !== 3)
      throw new EngineHttpError(404, "Unknown input stream route");
    if (method === "GET") return read(ctx, caller, req, res, runId, inputStreamKey(key));
    if (method === "POST") return send(ctx, caller, req, res, runId, key);
    throw new EngineHttpError(404, "Unknown input stream route");
  }
  if (!runId || !key || !KEY.test(key) || parts.length > 4 || (tail !== undefined && tail !== "append"))
    throw new EngineHttpError(404, "Unknown stream route");
  requireSecret(caller);
  const run = await findRun(ctx, runId);
  if (tail === "append" && method === "POST") {
    const data = await readText(req, MAX_CHUNK, "Stream part too large");
    await registerStream(ctx.core.pool, run, key);
    await appendChunk(ctx.core.pool, ctx.hub, run, key, data);
    return json(res, 200, { ok: true });
  }
  if (tail) throw new EngineHttpError(404, "Unknown stream route");
  if (method === "PUT") {
    await registerStream(ctx.core.pool, run, key);
    return json(res, 200, { version: "v1" });
  }
  if (method === "HEAD") {
    const last = await lastChunkIndex(ctx.core.pool, run.id, key);
    res.writeHead(200, { ...CORS, "x-last-chunk-index": String(last) });
    return void res.end();
  }
  if (method === "POST") {
    await registerStream(ctx.core.pool, run, key);
    await ingest(ctx, req, run, key);
    return json(res, 200, { ok: true });
  }
  throw new EngineHttpError(404, "Unknown stream route");
}

async function findRun(ctx: StreamsContext, friendlyId: string): Promise<RunRow> {
  const run = await getRunByFriendlyId(ctx.core.pool, friendlyId);
  if (!run) throw new EngineHttpError(404, "Run not found");
  return run;
}

/** `streams.input(...).send` / `useInputStreamSend`: one record for a run that has not finished. */
async function send(
  ctx: StreamsContext,
  caller: Caller,
  req: IncomingMessage,
  res: ServerResponse,
  friendlyId: string,
  streamId: string,
): Promise<void> {
  if (!canSendInput(caller, friendlyId))
    throw new EngineHttpError(403, "This token may not send to this run's input streams");
  const text = await readText(req, MAX_CHUNK, "Input stream record too large");
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw new EngineHttpError(400, "Invalid JSON body");
  }
  if (typeof body !== "object" || body === null || Array.isArray(body))
    throw new EngineHttpError(400, "Invalid request body: expected { data }");
  const run = await findRun(ctx, friendlyId);
  if (isFinal(run.status)) throw new EngineHttpError(400, "Cannot send to input stream on a completed run");
  const sent = await sendInput(
    ctx.core.pool,
    ctx.hub,
    run,
    streamId,
    (body as { data?: unknown }).data,
    ctx.core.clock.now(),
  );
  if (sent === "completed-wait") ctx.core.wake();
  json(res, 200, { ok: true });
}

/** Reads ndjson as it arrives; each complete line is stored as soon as the previous write is done. */
async function ingest(ctx: StreamsContext, req: IncomingMessage, run: RunRow, key: string): Promise<void> {
  const from = Number(req.headers["x-resume-from-chunk"] ?? 0);
  let next = Number.isInteger(from) && from >= 0 ? from : 0;
  let partial = "";
  const decoder = new TextDecoder();
  const store = async (lines: string[]) => {
    const chunks = lines.filter((l) => l.trim() !== "");
    await writeChunks(ctx.core.pool, ctx.hub, run, key, next, chunks);
    next += chunks.length;
  };
  for await (const buf of req) {
    partial += decoder.decode(buf as Buffer, { stream: true });
    const lines = partial.split("\n");
    partial = lines.pop() ?? "";
    if (partial.length > MAX_CHUNK) throw new EngineHttpError(413, "Stream chunk too large");
    await store(lines);
  }
  await store([partial + decoder.decode()]);
}

async function read(
  ctx: StreamsContext,
  caller: Caller,
  req: IncomingMessage,
  res: ServerResponse,
  friendlyId: string,
  key: string,
): Promise<void> {
  const run = await getRunByFriendlyId(ctx.core.pool, friendlyId);
  if (!run || !canReadRun(caller, run)) throw new EngineHttpError(404, "Run not found");
  const lastEventId = Number(req.headers["last-event-id"]);
  let after = Number.isInteger(lastEventId)
    ? lastEventId
    : req.headers["x-trigger-stream-start"] === "latest"
      ? await lastChunkIndex(ctx.core.pool, run.id, key)
      : -1;
  const timeoutS = Number(req.headers["timeout-seconds"]);
  const idleLimitMs = Number.isFinite(timeoutS) && timeoutS > 0 ? timeoutS * 1000 : Number.POSITIVE_INFINITY;
  const closed = new AbortController();
  res.on("close", () => closed.abort());
  res.writeHead(200, {
    ...CORS,
    "content-type": "text/event-stream",
    "cache-control": "no-cache",
    connection: "keep-alive",
    "x-stream-version": "v1",
  });
  res.flushHeaders();
  let lastActivity = Date.now();
  const topics = [`${friendlyId}:${key}`, friendlyId];
  // The wake-up is armed before each read: a chunk stored between a read that found nothing and
  // the wait still wakes the reader (armed after, it was missed and the reader slept up to 15 s).
  const arm = () =>
    ctx.hub.wait(
      topics,
      Math.max(0, Math.min(15_000, idleLimitMs - (Date.now() - lastActivity))),
      closed.signal,
    );
  let woken = arm();
  while (!closed.signal.aborted) {
    const rows = await readChunks(ctx.core.pool, run.id, key, after);
    if (rows.length > 0) {
      res.write(rows.map((r) => sseEvent(r.idx, r.data)).join(""));
      after = rows[rows.length - 1]!.idx;
      lastActivity = Date.now();
      continue;
    }
    const now = await getRunByFriendlyId(ctx.core.pool, friendlyId);
    // The run writes its last chunk before it finishes (the attempt waits for its streams), so a
    // finished run with nothing after `after` has nothing more to send.
    if (!now || isFinal(now.status)) {
      const late = await readChunks(ctx.core.pool, run.id, key, after);
      if (late.length === 0) break;
      continue;
    }
    const idle = Date.now() - lastActivity;
    if (idle >= idleLimitMs) break;
    await woken;
    woken = arm();
    if (!closed.signal.aborted && Date.now() - lastActivity >= 15_000) res.write(": keep-alive\n\n");
  }
  res.end();
}

function sseEvent(idx: number, data: string): string {
  const lines = data.split(/\r?\n/).map((l) => `data: ${l}\n`);
  return `id: ${idx}\n${lines.join("")}\n`;
}

function preflight(req: IncomingMessage, res: ServerResponse): void {
  const requested = req.headers["access-control-request-headers"];
  res.writeHead(204, {
    ...CORS,
    "access-control-allow-methods": "GET, PUT, POST, HEAD, OPTIONS",
    "access-control-allow-headers": typeof requested === "string" && requested ? requested : "*",
    "access-control-max-age": "600",
  });
  res.end();
}

function json(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { ...CORS, "content-type": "application/json" });
  res.end(text);
}
