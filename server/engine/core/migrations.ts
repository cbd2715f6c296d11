import { createHash } from "node:crypto";
import type pg from "pg";

// Plain SQL, applied in order; each step is idempotent so every engine process may run them at start.
// An advisory lock keeps two processes from migrating the same database at the same moment.
const STEPS: string[] = [
  `CREATE SCHEMA IF NOT EXISTS trigger_engine`,
  `CREATE SEQUENCE IF NOT EXISTS trigger_engine.change_seq`,
  `CREATE TABLE IF NOT EXISTS trigger_engine.runs (
    id text PRIMARY KEY,
    friendly_id text NOT NULL UNIQUE,
    number serial,
    task_identifier text NOT NULL,
    status text NOT NULL,
    payload text,
    payload_type text NOT NULL DEFAULT 'application/json',
    output text,
    output_type text,
    error jsonb,
    metadata jsonb,
    tags text[] NOT NULL DEFAULT '{}',
    idempotency_key text,
    idempotency_key_user text,
    idempotency_key_scope text,
    idempotency_key_expires_at timestamptz,
    queue text NOT NULL,
    concurrency_key text,
    priority_ms integer NOT NULL DEFAULT 0,
    delay_until timestamptz,
    ttl text,
    expires_at timestamptz,
    available_at timestamptz,
    attempt_number integer NOT NULL DEFAULT 0,
    max_attempts integer,
    max_duration_s integer,
    parent_run_id text,
    root_run_id text,
    depth integer NOT NULL DEFAULT 0,
    resume_parent_on_completion boolean NOT NULL DEFAULT false,
    trigger_function text NOT NULL DEFAULT 'trigger',
    batch_id text,
    batch_index integer,
    is_test boolean NOT NULL DEFAULT false,
    lease_owner text,
    lease_expires_at timestamptz,
    execution_count integer NOT NULL DEFAULT 0,
    seq bigint NOT NULL DEFAULT 0,
    created_at timestamptz NOT NULL,
    updated_at timestamptz NOT NULL,
    started_at timestamptz,
    completed_at timestamptz
  )`,
  `CREATE UNIQUE INDEX IF NOT EXISTS runs_idempotency ON trigger_engine.runs (task_identifier, idempotency_key) WHERE idempotency_key IS NOT NULL`,
  `CREATE INDEX IF NOT EXISTS runs_available ON trigger_engine.runs (available_at) WHERE available_at IS NOT NULL`,
  // Dequeue order: when a run became ready, moved earlier by its priority (ms). Postgres only
  // indexes IMMUTABLE expressions; the epoch of a timestamptz does not depend on the time zone, so
  // this wrapper is truthfully immutable. With the index a claim reads the first n ready runs
  // instead of sorting every ready run (20,000 queued runs made each claim sort 20,000 rows).
  `CREATE OR REPLACE FUNCTION trigger_engine.dequeue_key(at timestamptz, priority_ms integer) RETURNS double precision
   LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$ SELECT extract(epoch FROM at) * 1000 - priority_ms $$`,
  `CREATE INDEX IF NOT EXISTS runs_dequeue ON trigger_engine.runs (trigger_engine.dequeue_key(available_at, priority_ms), id)
   WHERE available_at IS NOT NULL`,
  // Named concurrency limits a run holds while it executes (concurrency.ts); NULL for none.
  `ALTER TABLE trigger_engine.runs ADD COLUMN IF NOT EXISTS limits text[]`,
  // The claim's pick: runs of the given queues or holding a limit (`in_queues`), or all others;
  // none of a paused queue; `full_keys` are "queue<US>key" pairs at their queue's limit, `full_limits` limits nothing more
  // may enter, `full_limit_keys` "limit<RS>key" pools at their bound. In a function so that it is
  // planned with sorting off: it must walk `runs_dequeue` in order and stop after n rows. Left to
  // the planner, statistics taken before a burst (all runs done, or none yet) or a generic plan's
  // unknown LIMIT make it sort every ready run instead: 30-150 ms per claim with 20,000 queued,
  // against 0.2-0.5 ms in index order.
  `DROP FUNCTION IF EXISTS trigger_engine.pick_ready(timestamptz, text[], text[], boolean, text[], integer)`,
  `DROP FUNCTION IF EXISTS trigger_engine.pick_ready(timestamptz, text[], text[], boolean, text[], text[], text[], integer)`,
  `CREATE OR REPLACE FUNCTION trigger_engine.pick_ready(now timestamptz, statuses text[], queues text[],
     in_queues boolean, paused_queues text[], full_keys text[], full_limits text[], full_limit_keys text[], n integer)
   RETURNS TABLE (id text, queue text, concurrency_key text, limits text[]) LANGUAGE sql VOLATILE ROWS 100
   SET enable_sort = off AS $$
     SELECT r.id, r.queue, r.concurrency_key, r.limits FROM trigger_engine.runs r
     WHERE r.available_at <= now AND r.status = ANY(statuses) AND (r.queue = ANY(queues) OR r.limits IS NOT NULL) = in_queues
       AND NOT (r.queue = ANY(paused_queues))
       AND NOT ((r.queue || chr(31) || coalesce(r.concurrency_key, '')) = ANY(full_keys))
       AND (r.limits IS NULL OR NOT (r.limits && full_limits OR EXISTS (SELECT 1 FROM unnest(r.limits) l
             WHERE l || chr(30) || coalesce(r.concurrency_key, '') = ANY(full_limit_keys))))
       AND (r.expires_at IS NULL OR r.expires_at > now OR r.attempt_number > 0)
     ORDER BY trigger_engine.dequeue_key(r.available_at, r.priority_ms), r.id LIMIT n FOR UPDATE SKIP LOCKED $$`,
  `CREATE INDEX IF NOT EXISTS runs_executing ON trigger_engine.runs (lease_expires_at) WHERE status = 'EXECUTING'`,
  // Runs with a TTL not yet started: the expiry pass (every 500 ms) reads these few entries instead
  // of every queued and delayed run's (10 ms at 20,000 queued runs). Runs without a TTL (most)
  // never enter it.
  `CREATE INDEX IF NOT EXISTS runs_expiring ON trigger_engine.runs (expires_at)
   WHERE expires_at IS NOT NULL AND attempt_number = 0`,
  // Runs a worker holds: "is anything running?" (the simulation's settle, the demo clock) counts
  // these few index entries instead of scanning every run ever made.
  `CREATE INDEX IF NOT EXISTS runs_held ON trigger_engine.runs (status) WHERE status IN ('DEQUEUED', 'EXECUTING')`,
  `CREATE INDEX IF NOT EXISTS runs_tags ON trigger_engine.runs USING gin (tags)`,
  `CREATE INDEX IF NOT EXISTS runs_parent ON trigger_engine.runs (parent_run_id)`,
  `CREATE INDEX IF NOT EXISTS runs_batch ON trigger_engine.runs (batch_id)`,
  `CREATE INDEX IF NOT EXISTS runs_seq ON trigger_engine.runs (seq)`,
  `CREATE INDEX IF NOT EXISTS runs_created ON trigger_engine.runs (created_at DESC, id DESC)`,
  `CREATE TABLE IF NOT EXISTS trigger_engine.attempts (
    run_id text NOT NULL REFERENCES trigger_engine.runs(id) ON DELETE CASCADE,
    number integer NOT NULL,
    worker_id text NOT NULL,
    status text NOT NULL,
    error jsonb,
    started_at timestamptz NOT NULL,
    completed_at timestamptz,
    PRIMARY KEY (run_id, number)
  )`,
  // The system checks' run activity (state.ts `activity`, every five minutes): runs started and
  // finished in the last hour, how many wait, retries started. Each was a scan of every run ever
  // made (13-60 ms each at the simulation's 30 days, 103,000 runs); with these, under 1 ms. Every
  // change of a run writes every index of runs that has its row (the seq index moves each time),
  // so these are partial (only finished runs, only waiting ones) and starts are read from the
  // attempts (an attempt's row is indexed once, when it starts): a plain index on runs' start
  // cost the 20,000-run drain 12%.
  `CREATE INDEX IF NOT EXISTS runs_completed ON trigger_engine.runs (completed_at) WHERE completed_at IS NOT NULL`,
  `CREATE INDEX IF NOT EXISTS runs_waiting ON trigger_engine.runs (status) WHERE status = 'WAITING_TO_RESUME'`,
  `CREATE INDEX IF NOT EXISTS attempts_started ON trigger_engine.attempts (started_at)`,
  `CREATE TABLE IF NOT EXISTS trigger_engine.waitpoints (
    id text PRIMARY KEY,
    type text NOT NULL,
    idempotency_key text,
    idempotency_key_expires_at timestamptz,
    complete_after timestamptz,
    timeout_at timestamptz,
    completed_by_run_id text,
    completed_by_batch_id text,
    callback_secret text,
    tags text[] NOT NULL DEFAULT '{}',
    output text,
    output_type text,
    output_is_error boolean NOT NULL DEFAULT false,
    status text NOT NULL DEFAULT 'WAITING',
    created_at timestamptz NOT NULL,
    completed_at timestamptz
  )`,
  `CREATE UNIQUE INDEX IF NOT EXISTS waitpoints_idempotency ON trigger_engine.waitpoints (type, idempotency_key) WHERE idempotency_key IS NOT NULL`,
  `CREATE INDEX IF NOT EXISTS waitpoints_due ON trigger_engine.waitpoints (complete_after) WHERE completed_at IS NULL AND complete_after IS NOT NULL`,
  `CREATE INDEX IF NOT EXISTS waitpoints_timeout ON trigger_engine.waitpoints (timeout_at) WHERE completed_at IS NULL AND timeout_at IS NOT NULL`,
  `CREATE INDEX IF NOT EXISTS waitpoints_run ON trigger_engine.waitpoints (completed_by_run_id) WHERE completed_by_run_id IS NOT NULL`,
  `CREATE INDEX IF NOT EXISTS waitpoints_batch ON trigger_engine.waitpoints (completed_by_batch_id) WHERE completed_by_batch_id IS NOT NULL`,
  // Open waits on a run or batch, by age: what the maintenance pass's safety net reads
  // (`completeFinishedTargets`), a few entries, not every RUN waitpoint ever made.
  `CREATE INDEX IF NOT EXISTS waitpoints_open_targets ON trigger_engine.waitpoints (created_at)
   WHERE completed_at IS NULL AND type IN ('RUN', 'BATCH')`,
  `CREATE TABLE IF NOT EXISTS trigger_engine.run_blocks (
    run_id text NOT NULL REFERENCES trigger_engine.runs(id) ON DELETE CASCADE,
    waitpoint_id text NOT NULL REFERENCES trigger_engine.waitpoints(id) ON DELETE CASCADE,
    PRIMARY KEY (run_id, waitpoint_id)
  )`,
  `CREATE INDEX IF NOT EXISTS run_blocks_waitpoint ON trigger_engine.run_blocks (waitpoint_id)`,
  `CREATE TABLE IF NOT EXISTS trigger_engine.replay_journal (
    run_id text NOT NULL REFERENCES trigger_engine.runs(id) ON DELETE CASCADE,
    attempt integer NOT NULL,
    kind text NOT NULL,
    ordinal integer NOT NULL,
    result text NOT NULL,
    PRIMARY KEY (run_id, attempt, kind, ordinal)
  )`,
  // A leased run's journal for one attempt, each wait with its waitpoint's state. VOLATILE, so it
  // reads with a snapshot taken when it is called: the claim's pick (`pick_ready`) runs inside the
  // same statement with a snapshot later than the statement's own, and a run that journaled a step
  // and became ready again in between must come with that step (else its replay repeats it).
  `CREATE OR REPLACE FUNCTION trigger_engine.run_journal(run text, attempt_no integer) RETURNS json
   LANGUAGE sql VOLATILE AS $$
     SELECT coalesce(json_agg(json_build_object('kind', j.kind, 'ordinal', j.ordinal, 'result', j.result,
       'waitpoint', CASE WHEN w.id IS NOT NULL THEN json_build_object('id', w.id, 'complete_after', w.complete_after,
         'completed_at', w.completed_at, 'output', w.output, 'output_type', w.output_type,
         'output_is_error', w.output_is_error) END)), '[]')
     FROM trigger_engine.replay_journal j LEFT JOIN trigger_engine.waitpoints w ON w.id = j.result
     WHERE j.run_id = run AND j.attempt = attempt_no $$`,
  `CREATE TABLE IF NOT EXISTS trigger_engine.batches (
    id text PRIMARY KEY,
    run_count integer NOT NULL,
    parent_run_id text,
    resume_parent_on_completion boolean NOT NULL DEFAULT false,
    idempotency_key text UNIQUE,
    sealed boolean NOT NULL DEFAULT false,
    created_at timestamptz NOT NULL,
    updated_at timestamptz NOT NULL
  )`,
  `CREATE TABLE IF NOT EXISTS trigger_engine.schedules (
    id text PRIMARY KEY,
    task_identifier text NOT NULL,
    cron text NOT NULL,
    timezone text NOT NULL,
    last_slot timestamptz,
    created_at timestamptz NOT NULL
  )`,
  `CREATE TABLE IF NOT EXISTS trigger_engine.schedule_slots (
    schedule_id text NOT NULL REFERENCES trigger_engine.schedules(id) ON DELETE CASCADE,
    slot timestamptz NOT NULL,
    run_id text NOT NULL,
    PRIMARY KEY (schedule_id, slot)
  )`,
  `CREATE TABLE IF NOT EXISTS trigger_engine.packets (
    path text PRIMARY KEY,
    data text NOT NULL,
    data_type text NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
  )`,
  `CREATE TABLE IF NOT EXISTS trigger_engine.clock (
    id integer PRIMARY KEY CHECK (id = 1),
    offset_ms bigint NOT NULL DEFAULT 0
  )`,
  `INSERT INTO trigger_engine.clock (id, offset_ms) VALUES (1, 0) ON CONFLICT DO NOTHING`,
  `CREATE TABLE IF NOT EXISTS trigger_engine.run_logs (
    id bigserial PRIMARY KEY,
    run_id text NOT NULL REFERENCES trigger_engine.runs(id) ON DELETE CASCADE,
    attempt integer NOT NULL,
    at timestamptz NOT NULL,
    level text NOT NULL,
    message text NOT NULL,
    attributes jsonb,
    duration_ms double precision,
    is_error boolean NOT NULL DEFAULT false
  )`,
  `CREATE INDEX IF NOT EXISTS run_logs_run ON trigger_engine.run_logs (run_id, id)`,
  // Position within the attempt's leg: one multi-row INSERT does not promise serial ids in row order.
  `ALTER TABLE trigger_engine.run_logs ADD COLUMN IF NOT EXISTS ord integer NOT NULL DEFAULT 0`,
  // OTel spans (run-spans.ts): a span's id, and the recorded span a line or span was made in.
  `ALTER TABLE trigger_engine.run_logs ADD COLUMN IF NOT EXISTS span_id text`,
  `ALTER TABLE trigger_engine.run_logs ADD COLUMN IF NOT EXISTS parent_span_id text`,
  `ALTER TABLE trigger_engine.runs ADD COLUMN IF NOT EXISTS debounce_key text`,
  // One-time public tokens already used (sha256 of the token), kept until they expire anyway.
  `ALTER TABLE trigger_engine.schedules ADD COLUMN IF NOT EXISTS type text NOT NULL DEFAULT 'DECLARATIVE'`,
  `ALTER TABLE trigger_engine.schedules ADD COLUMN IF NOT EXISTS active boolean NOT NULL DEFAULT true`,
  `ALTER TABLE trigger_engine.schedules ADD COLUMN IF NOT EXISTS deduplication_key text`,
  `ALTER TABLE trigger_engine.schedules ADD COLUMN IF NOT EXISTS external_id text`,
  `CREATE UNIQUE INDEX IF NOT EXISTS schedules_dedup ON trigger_engine.schedules (deduplication_key)
   WHERE deduplication_key IS NOT NULL`,
  `CREATE TABLE IF NOT EXISTS trigger_engine.spent_tokens (hash text PRIMARY KEY, expires_at timestamptz NOT NULL)`,
  `CREATE INDEX IF NOT EXISTS runs_debounce ON trigger_engine.runs (task_identifier, debounce_key)
   WHERE debounce_key IS NOT NULL AND status = 'DELAYED'`,
  // Realtime streams (`streams.pipe/append`, `metadata.stream`): the keys a run has written, shown
  // to subscribers as `realtimeStreams`, and every chunk in order (idx from 0, per run and key).
  `ALTER TABLE trigger_engine.runs ADD COLUMN IF NOT EXISTS realtime_streams text[] NOT NULL DEFAULT '{}'`,
  // The public token (its sha256) a batch was opened with: only it may stream the batch's items.
  `ALTER TABLE trigger_engine.batches ADD COLUMN IF NOT EXISTS token_hash text`,
  // A batch item whose own idempotency key a run already held: that run stands for the item (as on
  // Trigger.dev, the cached run), so the batch counts, lists and waits for it as one of its own.
  `CREATE TABLE IF NOT EXISTS trigger_engine.batch_items (
    batch_id text NOT NULL,
    batch_index integer NOT NULL,
    run_id text NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (batch_id, batch_index)
  )`,
  `CREATE INDEX IF NOT EXISTS batch_items_run ON trigger_engine.batch_items (run_id)`,
  `CREATE INDEX IF NOT EXISTS batch_items_created ON trigger_engine.batch_items (created_at)`,
  // A named limit's override and pause (its declared bounds live in the task files), and per-key
  // overrides of its perKey bound until they expire (`concurrencyLimits.override/reset/pause`).
  `CREATE TABLE IF NOT EXISTS trigger_engine.concurrency_limits (
    name text PRIMARY KEY,
    per_key_override integer,
    total_override integer,
    overridden_at timestamptz,
    paused boolean NOT NULL DEFAULT false
  )`,
  // A queue's limit override and pause (`queues.overrideConcurrencyLimit/pause`); its declared
  // limit lives in the task files. Engines keep a copy (queue-settings.ts), told of changes by
  // NOTIFY trigger_engine_queues.
  `CREATE TABLE IF NOT EXISTS trigger_engine.queue_settings (
    name text PRIMARY KEY,
    concurrency_override integer,
    overridden_at timestamptz,
    paused boolean NOT NULL DEFAULT false
  )`,
  // Bulk actions (`runs.bulk.cancel/replay`): the action, and the runs it selected when it was
  // made, each with its outcome; a target is claimed ('working', `claimed_at`) before it is acted
  // on, so two engines never act on it twice (bulk-actions.ts).
  `CREATE TABLE IF NOT EXISTS trigger_engine.bulk_actions (
    id text PRIMARY KEY,
    name text,
    type text NOT NULL,
    status text NOT NULL,
    total integer NOT NULL,
    success integer NOT NULL DEFAULT 0,
    failure integer NOT NULL DEFAULT 0,
    created_at timestamptz NOT NULL,
    completed_at timestamptz
  )`,
  `CREATE TABLE IF NOT EXISTS trigger_engine.bulk_action_runs (
    action_id text NOT NULL,
    ord integer NOT NULL,
    run_id text NOT NULL,
    outcome text,
    claimed_at timestamptz,
    PRIMARY KEY (action_id, ord)
  )`,
  `CREATE TABLE IF NOT EXISTS trigger_engine.concurrency_limit_keys (
    name text NOT NULL,
    concurrency_key text NOT NULL,
    per_key integer NOT NULL,
    expires_at timestamptz NOT NULL,
    PRIMARY KEY (name, concurrency_key)
  )`,
  `CREATE TABLE IF NOT EXISTS trigger_engine.stream_chunks (
    run_id text NOT NULL REFERENCES trigger_engine.runs(id) ON DELETE CASCADE,
    key text NOT NULL,
    idx integer NOT NULL,
    data text NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (run_id, key, idx)
  )`,
  // Input streams (`streams.input`): records are stream chunks under `$trigger.input:<id>`; the
  // run's latest `.wait()` on a stream is linked here, so a `send` completes it.
  `CREATE TABLE IF NOT EXISTS trigger_engine.input_stream_waits (
    run_id text NOT NULL REFERENCES trigger_engine.runs(id) ON DELETE CASCADE,
    stream_id text NOT NULL,
    waitpoint_id text NOT NULL,
    PRIMARY KEY (run_id, stream_id)
  )`,
  // Every write to a run bumps one global sequence (realtime offsets) and notifies listeners;
  // doing it in a trigger means no code path can forget it.
  // Heartbeats only move the lease; they must not look like a change to realtime subscribers.
  // Payload `<friendlyId>:<seq>:<1 when the run has a time it becomes dequeuable, else 0>` (an
  // insert of several rows: no friendly id, the highest seq, 1 when any is dequeuable).
  `CREATE OR REPLACE FUNCTION trigger_engine.runs_bump_seq() RETURNS trigger AS $$
   BEGIN
     IF TG_OP = 'INSERT' OR ROW(NEW.status, NEW.metadata, NEW.output, NEW.error, NEW.tags, NEW.updated_at,
          NEW.completed_at, NEW.started_at, NEW.attempt_number, NEW.delay_until, NEW.available_at,
          NEW.realtime_streams)
        IS DISTINCT FROM ROW(OLD.status, OLD.metadata, OLD.output, OLD.error, OLD.tags, OLD.updated_at,
          OLD.completed_at, OLD.started_at, OLD.attempt_number, OLD.delay_until, OLD.available_at,
          OLD.realtime_streams) THEN
       NEW.seq := nextval('trigger_engine.change_seq');
     END IF;
     RETURN NEW;
   END $$ LANGUAGE plpgsql`,
  `CREATE OR REPLACE FUNCTION trigger_engine.runs_notify() RETURNS trigger AS $$
   BEGIN PERFORM pg_notify('trigger_engine_runs', NEW.friendly_id || ':' || NEW.seq::text || ':' ||
     CASE WHEN NEW.available_at IS NULL THEN '0' ELSE '1' END); RETURN NULL; END $$ LANGUAGE plpgsql`,
  `DROP TRIGGER IF EXISTS runs_bump_seq ON trigger_engine.runs`,
  `CREATE TRIGGER runs_bump_seq BEFORE INSERT OR UPDATE ON trigger_engine.runs FOR EACH ROW EXECUTE FUNCTION trigger_engine.runs_bump_seq()`,
  `DROP TRIGGER IF EXISTS runs_notify ON trigger_engine.runs`,
  `DROP TRIGGER IF EXISTS runs_notify_insert ON trigger_engine.runs`,
  `DROP TRIGGER IF EXISTS runs_notify_update ON trigger_engine.runs`,
  // Inserts notify once per statement (a batch of 500 runs is one NOTIFY, not 500): the highest
  // seq, whether any row is dequeuable, and the friendly id when the statement inserted one row.
  `CREATE OR REPLACE FUNCTION trigger_engine.runs_notify_inserted() RETURNS trigger AS $$
   BEGIN
     PERFORM pg_notify('trigger_engine_runs',
       CASE WHEN count(*) = 1 THEN max(friendly_id) ELSE '' END || ':' || max(seq)::text || ':' ||
       CASE WHEN bool_or(available_at IS NOT NULL) THEN '1' ELSE '0' END)
     FROM inserted HAVING count(*) > 0;
     RETURN NULL;
   END $$ LANGUAGE plpgsql`,
  `CREATE TRIGGER runs_notify_insert AFTER INSERT ON trigger_engine.runs REFERENCING NEW TABLE AS inserted
   FOR EACH STATEMENT EXECUTE FUNCTION trigger_engine.runs_notify_inserted()`,
  `CREATE TRIGGER runs_notify_update AFTER UPDATE ON trigger_engine.runs FOR EACH ROW
   WHEN (OLD.seq IS DISTINCT FROM NEW.seq) EXECUTE FUNCTION trigger_engine.runs_notify()`,
  // Completes a MANUAL waitpoint (a token) and makes ready the runs it was the last open blocker
  // of, in one call: 'completed', 'already' (completed before) or 'missing' (no such token). Each
  // statement in a PL/pgSQL function takes its own snapshot: the runs are looked at after the
  // token's lock is held, so a park that held the lock first (parkRun) is seen with its blocks, as
  // in `completeWaitpoints` + `resumeReadyRuns` (the same two writes, for one token).
  `CREATE OR REPLACE FUNCTION trigger_engine.complete_token(token text, at timestamptz, out_data text,
     out_type text) RETURNS text LANGUAGE plpgsql VOLATILE AS $$
   DECLARE
     wp_type text;
     wp_done timestamptz;
   BEGIN
     SELECT type, completed_at INTO wp_type, wp_done FROM trigger_engine.waitpoints WHERE id = token FOR UPDATE;
     IF NOT FOUND OR wp_type <> 'MANUAL' THEN RETURN 'missing'; END IF;
     IF wp_done IS NOT NULL THEN RETURN 'already'; END IF;
     UPDATE trigger_engine.waitpoints SET completed_at = at, status = 'COMPLETED', output = out_data,
       output_type = out_type, output_is_error = false WHERE id = token;
     UPDATE trigger_engine.runs r SET available_at = at, updated_at = at
      WHERE r.status = 'WAITING_TO_RESUME' AND r.available_at IS NULL
        AND r.id = ANY(ARRAY(SELECT run_id FROM trigger_engine.run_blocks WHERE waitpoint_id = token))
        AND NOT EXISTS (SELECT 1 FROM trigger_engine.run_blocks b JOIN trigger_engine.waitpoints w ON w.id = b.waitpoint_id
                        WHERE b.run_id = r.id AND w.completed_at IS NULL);
     RETURN 'completed';
   END $$`,
  // Queue tables churn (every run is inserted, leased, finished; most park and resume): vacuum and
  // analyze them sooner and unthrottled. With Postgres' defaults a busy engine database went minutes
  // without statistics, and the planner chose sequential scans of every run and waitpoint for the
  // claim, the park and the due-work checks.
  ...["runs", "waitpoints", "run_blocks", "attempts"].map(
    (t) =>
      `ALTER TABLE trigger_engine.${t} SET (autovacuum_vacuum_scale_factor = 0.05, autovacuum_analyze_scale_factor = 0.02, autovacuum_vacuum_cost_delay = 0)`,
  ),
];

// The steps' fingerprint: a database already at it is left alone. Re-running the DDL while another
// engine works on the same database takes table locks (CREATE INDEX IF NOT EXISTS locks the table
// before it finds the index) in an order that can deadlock with that engine's transactions.
const VERSION = createHash("sha1").update(STEPS.join(";")).digest("hex");

export async function migrateEngine(pool: pg.Pool): Promise<void> {
  const applied = await pool
    .query<{ version: string }>("SELECT version FROM trigger_engine.schema_version")
    .catch(() => ({ rows: [] as { version: string }[] }));
  if (applied.rows[0]?.version === VERSION) return;
  const client = await pool.connect();
  try {
    await client.query("BEGIN");
    await client.query("SELECT pg_advisory_xact_lock(hashtext('trigger_engine.migrate'))");
    for (const sql of STEPS) await client.query(sql);
    await client.query("CREATE TABLE IF NOT EXISTS trigger_engine.schema_version (version text NOT NULL)");
    await client.query("DELETE FROM trigger_engine.schema_version");
    await client.query("INSERT INTO trigger_engine.schema_version (version) VALUES ($1)", [VERSION]);
    await client.query("COMMIT");
  } catch (err) {
    await client.query("ROLLBACK");
    throw err;
  } finally {
    client.release();
  }
}
