import { logger } from "../../lib/logger.js";
import type { EngineCore } from "./core.js";
import { getRunByFriendlyId } from "./db.js";
import { randomId } from "./ids.js";
import { cancelRunTree, type RunFilter, replayRun, runFilterSql } from "./run-ops.js";

// Bulk actions (`runs.bulk.cancel/replay/retrieve/list/abort/poll`). The runs an action selects are
// written when it is made (set-based, from the filter or the ids given), then acted on in the
// background, a chunk at a time: each target is claimed first ('working'), acted on, and given its
// outcome, so two engines sharing the database never act on one target twice, an abort stops it
// between chunks, and an action a restart interrupted goes on at the next start. A target claimed
// by a process that died is taken again after CLAIM_STALE_MS (a replay can then repeat once).

export type BulkType = "CANCEL" | "REPLAY";
const CHUNK = 50;
const CLAIM_STALE_MS = 5 * 60_000;

export interface BulkActionRow {
  id: string;
  name: string | null;
  type: BulkType;
  status: "PENDING" | "COMPLETED" | "ABORTED";
  total: number;
  success: number;
  failure: number;
  created_at: Date;
  completed_at: Date | null;
}

/** Makes the action and selects its runs (oldest first); returns it. */
export async function createBulkAction(
  core: EngineCore,
  type: BulkType,
  name: string | undefined,
  selection: { runIds: string[] } | { filter: RunFilter },
): Promise<BulkActionRow> {
  const id = `bulk_${randomId().slice(0, 20)}`;
  const now = core.clock.now();
  const c = await core.pool.connect();
  try {
    await c.query("BEGIN");
    if ("runIds" in selection) {
      await c.query(
        `INSERT INTO trigger_engine.bulk_action_runs (action_id, ord, run_id)
         SELECT $1, ord, run_id FROM unnest($2::text[]) WITH ORDINALITY AS t(run_id, ord)`,
        [id, [...new Set(selection.runIds)]],
      );
    } else {
      const { where, args } = runFilterSql(selection.filter, core.clock.nowMs(), 2);
      await c.query(
        `INSERT INTO trigger_engine.bulk_action_runs (action_id, ord, run_id)
         SELECT $1, row_number() OVER (ORDER BY created_at, id), friendly_id FROM trigger_engine.runs
         ${where.length ? `WHERE ${where.join(" AND ")}` : ""}`,
        [id, ...args],
      );
    }
    const res = await c.query<BulkActionRow>(
      `INSERT INTO trigger_engine.bulk_actions (id, name, type, status, total, created_at)
       VALUES ($1, $2, $3, 'PENDING', (SELECT count(*) FROM trigger_engine.bulk_action_runs WHERE action_id = $1), $4)
       RETURNING *`,
      [id, name ?? null, type, now],
    );
    await c.query("COMMIT");
    return res.rows[0]!;
  } catch (err) {
    await c.query("ROLLBACK");
    throw err;
  } finally {
    c.release();
  }
}

/** Works off the pending actions of one engine, one at a time. */
export class BulkActionWorker {
  private running: Promise<void> | undefined;
  private again = false;

  constructor(
    private readonly core: EngineCore,
    private readonly cancelLocal: (runInternalId: string) => void,
  ) {}

  /** Starts working (or, while working, looks once more when done): a new action, or at start. */
  kick(): void {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = this.drain()
      .catch((err: unknown) => logger.error("engine: bulk action failed", { err: String(err).slice(0, 200) }))
      .finally(() => {
        this.running = undefined;
        if (this.again) {
          this.again = false;
          this.kick();
        }
      });
  }

  private stopped = false;

  /** Resolves once nothing is being worked on. */
  async idle(): Promise<void> {
    while (this.running) await this.running;
  }

  /** Stops after the chunk under way (the rest goes on at the next start). */
  async stop(): Promise<void> {
    this.stopped = true;
    await this.idle();
  }

  private async drain(): Promise<void> {
    while (!this.stopped) {
      const pending = await this.core.pool.query<{ id: string; type: BulkType }>(
        "SELECT id, type FROM trigger_engine.bulk_actions WHERE status = 'PENDING' ORDER BY created_at",
      );
      let worked = false;
      for (const a of pending.rows) if (!this.stopped) worked = (await this.work(a.id, a.type)) || worked;
      if (!worked) return;
    }
  }

  /** One chunk of the action's targets; false when there was none to take. */
  private async work(actionId: string, type: BulkType): Promise<boolean> {
    const now = this.core.clock.now();
    const claimed = await this.core.pool.query<{ ord: number; run_id: string }>(
      `UPDATE trigger_engine.bulk_action_runs t SET outcome = 'working', claimed_at = clock_timestamp()
       FROM (SELECT action_id, ord FROM trigger_engine.bulk_action_runs
             WHERE action_id = $1 AND (outcome IS NULL OR (outcome = 'working' AND claimed_at < clock_timestamp() - make_interval(secs => $3)))
               AND EXISTS (SELECT 1 FROM trigger_engine.bulk_actions a WHERE a.id = $1 AND a.status = 'PENDING')
             ORDER BY ord LIMIT $2 FOR UPDATE SKIP LOCKED) pick
       WHERE t.action_id = pick.action_id AND t.ord = pick.ord RETURNING t.ord, t.run_id`,
      [actionId, CHUNK, CLAIM_STALE_MS / 1000],
    );
    if (claimed.rows.length === 0) {
      // Nothing left to take: complete it once every target has its outcome.
      await this.core.pool.query(
        `UPDATE trigger_engine.bulk_actions SET status = 'COMPLETED', completed_at = $2
         WHERE id = $1 AND status = 'PENDING' AND NOT EXISTS (
           SELECT 1 FROM trigger_engine.bulk_action_runs WHERE action_id = $1 AND (outcome IS NULL OR outcome = 'working'))`,
        [actionId, now],
      );
      return false;
    }
    const ok: number[] = [];
    const failed: number[] = [];
    for (const t of claimed.rows) {
      ((await this.act(type, t.run_id)) ? ok : failed).push(t.ord);
    }
    await this.core.pool.query(
      `WITH done AS (
         UPDATE trigger_engine.bulk_action_runs SET outcome = CASE WHEN ord = ANY($2::int[]) THEN 'success' ELSE 'failure' END
         WHERE action_id = $1 AND ord = ANY($2::int[] || $3::int[]) RETURNING outcome)
       UPDATE trigger_engine.bulk_actions SET
         success = success + (SELECT count(*) FROM done WHERE outcome = 'success'),
         failure = failure + (SELECT count(*) FROM done WHERE outcome = 'failure')
       WHERE id = $1`,
      [actionId, ok, failed],
    );
    return true;
  }

  /** Cancels or replays one run; false when it could not be (gone, already finished, refused). */
  private async act(type: BulkType, runId: string): Promise<boolean> {
    try {
      if (type === "CANCEL") return await cancelRunTree(this.core, this.cancelLocal, runId);
      const run = await getRunByFriendlyId(this.core.pool, runId);
      if (!run) return false;
      await replayRun(this.core, run, {});
      return true;
    } catch (err) {
      logger.warn("engine: bulk action target failed", { runId, err: String(err).slice(0, 200) });
      return false;
    }
  }
}
