import { createHash, timingSafeEqual } from "node:crypto";
import type { IncomingMessage } from "node:http";
import type { EngineCore, ExecutionRef } from "../core/core.js";
import { EngineHttpError } from "../core/core.js";
import { signPublicJwt, verifyPublicJwt } from "../realtime/jwt.js";

export type Caller =
  | { kind: "secret"; exec?: ExecutionRef }
  | {
      kind: "public";
      scopes: string[];
      /** sha256 of the token (none on public routes): a batch opened with a token takes items only from it. */
      tokenHash?: string;
      oneTimeUse?: { hash: string; expiresAt: Date };
    };

const RUN_TOKEN = /^tr_dev_run_(run_[a-z0-9]+)_(\d+)_([a-z0-9]+)$/;

const sameKey = (a: string, b: string) =>
  a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));

/**
 * Secret keys: in open mode (the stand-alone `npm run engine`, like a local dev environment) any
 * `tr_dev_` key is full access; in strict mode (the engine inside Sequora, reachable on the app's
 * port) only the configured key, or a key the engine minted for a live attempt. Minted keys name
 * their attempt, so replay after re-execution can match its calls. Public JWTs must be signed with
 * the configured secret key and only read.
 */
export async function authenticate(
  core: EngineCore,
  req: IncomingMessage,
  secretKey: string,
  strict = false,
): Promise<Caller> {
  const header = req.headers.authorization ?? "";
  const token = header.startsWith("Bearer ") ? header.slice(7).trim() : "";
  if (!token) throw new EngineHttpError(401, "Missing Authorization header");
  if (token.startsWith("tr_dev_")) {
    const m = RUN_TOKEN.exec(token);
    const exec = m ? core.executions.get(m[3]!) : undefined;
    if (exec) return { kind: "secret", exec };
    // A key minted for an attempt that has ended (finished, timed out, canceled, or from before a
    // restart) is refused: a runaway run's late SDK calls must not change anything.
    if (m) throw new EngineHttpError(401, "This run's attempt is no longer executing");
    if (strict && !sameKey(token, secretKey)) throw new EngineHttpError(401, "Invalid secret key");
    if (!strict) rememberKey(core, token);
    return { kind: "secret" };
  }
  const result = verifyPublicToken(core, token, secretKey, strict);
  if (!result.ok) throw new EngineHttpError(401, "Invalid or expired public access token");
  const scopes = Array.isArray(result.payload.scopes) ? (result.payload.scopes as string[]) : [];
  const hash = createHash("sha256").update(token).digest("hex");
  if (result.payload.otu !== true) return { kind: "public", scopes, tokenHash: hash };
  const exp = typeof result.payload.exp === "number" ? result.payload.exp * 1000 : Date.now() + 3_600_000;
  return { kind: "public", scopes, tokenHash: hash, oneTimeUse: { hash, expiresAt: new Date(exp) } };
}

// Open mode accepts any `tr_dev_` key, and the SDK signs public tokens locally with the caller's own
// key (after asking `/api/v1/auth/jwt/claims` with it). So a JWT is also valid if signed with a key
// a client has used here: no weaker than accepting that key itself. Kept in memory, newest 64.
const MAX_KNOWN_KEYS = 64;
const knownKeys = new WeakMap<EngineCore, Set<string>>();

function rememberKey(core: EngineCore, key: string): void {
  let keys = knownKeys.get(core);
  if (!keys) {
    keys = new Set();
    knownKeys.set(core, keys);
  }
  if (keys.has(key)) return;
  keys.add(key);
  if (keys.size > MAX_KNOWN_KEYS) keys.delete(keys.values().next().value!);
}

function verifyPublicToken(core: EngineCore, token: string, secretKey: string, strict: boolean) {
  const result = verifyPublicJwt(token, secretKey);
  if (result.ok || strict) return result;
  for (const key of knownKeys.get(core) ?? []) {
    if (key === secretKey) continue;
    const other = verifyPublicJwt(token, key);
    if (other.ok) return other;
  }
  return result;
}

export function requireSecret(caller: Caller): void {
  if (caller.kind !== "secret") throw new EngineHttpError(403, "This endpoint requires a secret key");
}

/**
 * A trigger with a public token (`auth.createTriggerPublicToken`, `useTaskTrigger`): the token must
 * name the task (`trigger:tasks:<id>`, or `trigger:tasks` for all), and a one-time token (the SDK's
 * default) is spent by its first use, as on Trigger.dev. Returns false when not allowed.
 */
export async function spendTriggerScope(core: EngineCore, caller: Caller, taskId: string): Promise<void> {
  if (caller.kind === "secret") return;
  const ok = allowsTask(caller.scopes, "trigger", taskId) || caller.scopes.includes(`write:tasks:${taskId}`);
  if (!ok) throw new EngineHttpError(403, "This token may not trigger this task");
  await spendOnce(core, caller);
}

/** A one-time token (the SDK's default for trigger and batch tokens) is spent by its first use. */
async function spendOnce(core: EngineCore, caller: Caller & { kind: "public" }): Promise<void> {
  if (!caller.oneTimeUse) return;
  const spent = await core.pool.query(
    `INSERT INTO trigger_engine.spent_tokens (hash, expires_at) VALUES ($1, $2) ON CONFLICT DO NOTHING`,
    [caller.oneTimeUse.hash, caller.oneTimeUse.expiresAt],
  );
  if (spent.rowCount === 0) throw new EngineHttpError(401, "This one-time token has already been used");
}

/** A task scope of the SDK's: `<action>:tasks:<id>`, `<action>:tasks` (every task) or `write:all`. */
function allowsTask(scopes: string[], action: "trigger" | "batchTrigger", taskId: string): boolean {
  return scopes.some(
    (s) => s === `${action}:tasks` || s === `${action}:tasks:${taskId}` || s === "write:all",
  );
}

/** `auth.createBatchTriggerPublicToken`'s scopes: `batchTrigger:tasks:<id>`, or all tasks. */
export function canBatchTrigger(caller: Caller, taskId: string): boolean {
  return caller.kind === "secret" || allowsTask(caller.scopes, "batchTrigger", taskId);
}

/**
 * Opening a batch with a public token (`auth.createBatchTriggerPublicToken`): the token must allow
 * batch triggers of every task the batch announces (each streamed item is checked again), and a
 * one-time token is spent here, by the batch's creation. Its items are then streamed with the same
 * token (`batchTokenMayStream`), as the SDK does.
 */
export async function spendBatchScope(core: EngineCore, caller: Caller, taskIds: string[]): Promise<void> {
  if (caller.kind === "secret") return;
  const anyBatch = caller.scopes.some(
    (s) => s === "write:all" || s === "batchTrigger:tasks" || s.startsWith("batchTrigger:tasks:"),
  );
  if (!anyBatch || taskIds.some((t) => !canBatchTrigger(caller, t)))
    throw new EngineHttpError(403, "This token may not batch trigger these tasks");
  await spendOnce(core, caller);
}

/** A batch opened with a public token takes items only from that token (spent or not). */
export function batchTokenMayStream(caller: Caller, openedBy: string | null): boolean {
  if (caller.kind === "secret") return true;
  return openedBy !== null && caller.tokenHash !== undefined && openedBy === caller.tokenHash;
}

/**
 * The public token the SDK hands back with a run (`handle.publicAccessToken`), signed with the
 * engine's key, so it works whatever key (or public token) the caller triggered with.
 */
export function runReadToken(secretKey: string, scope: string): string {
  return signPublicJwt(secretKey, { pub: true, sub: "engine", scopes: [scope] }, "1h");
}

/** Scopes are `read:<kind>` (all of that kind), `read:<kind>:<id>`, or `read:all`. */
function hasScope(caller: Caller, kind: string, id: string): boolean {
  if (caller.kind === "secret") return true;
  return caller.scopes.some((s) => s === "read:all" || s === `read:${kind}` || s === `read:${kind}:${id}`);
}

export function canReadBatch(caller: Caller, batchId: string): boolean {
  return hasScope(caller, "batch", batchId);
}

/** Completing a waitpoint token (`useWaitToken`): the write scope its own publicAccessToken carries. */
export function canCompleteToken(caller: Caller, tokenId: string): boolean {
  if (caller.kind === "secret") return true;
  return caller.scopes.some(
    (s) => s === `write:waitpoints:${tokenId}` || s === "write:waitpoints" || s === "write:all",
  );
}

/** Sending to a run's input streams (`useInputStreamSend`): `write:inputStreams:<runId>` or wider. */
export function canSendInput(caller: Caller, runFriendlyId: string): boolean {
  if (caller.kind === "secret") return true;
  return caller.scopes.some(
    (s) => s === `write:inputStreams:${runFriendlyId}` || s === "write:inputStreams" || s === "write:all",
  );
}

/** A waitpoint token: read scope on it, or the write scope its own publicAccessToken carries. */
export function canReadToken(caller: Caller, tokenId: string): boolean {
  if (hasScope(caller, "waitpoints", tokenId)) return true;
  return caller.kind === "public" && caller.scopes.includes(`write:waitpoints:${tokenId}`);
}

export function canReadRun(
  caller: Caller,
  run: { friendly_id: string; tags: string[]; batch_id: string | null },
): boolean {
  if (caller.kind === "secret") return true;
  return caller.scopes.some(
    (s) =>
      s === "read:all" ||
      s === "read:runs" ||
      s === `read:runs:${run.friendly_id}` ||
      (run.batch_id !== null && s === `read:batch:${run.batch_id}`) ||
      run.tags.some((t) => s === `read:tags:${t}`),
  );
}
