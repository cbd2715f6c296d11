import { createHash } from "node:crypto";
import { stringifyIO } from "@trigger.dev/core/v3";
import { Cron } from "croner";
import type { EngineCore } from "./core.js";
import { inTx } from "./db.js";
import { insertRun } from "./trigger.js";

const scheduleId = (taskId: string) =>
  `sched_${createHash("sha1").update(taskId).digest("hex").slice(0, 20)}`;

/** Declarative schedules (`schedules.task({cron})`) are upserted from the loaded task files. */
export async function syncSchedules(core: EngineCore): Promise<void> {
  const now = core.clock.now();
  for (const task of core.project.tasks.values()) {
    if (!task.schedule) continue;
    await core.pool.query(
      `INSERT INTO trigger_engine.schedules (id, task_identifier, cron, timezone, created_at) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (id) DO UPDATE SET cron = $3, timezone = $4`,
      [scheduleId(task.id), task.id, task.schedule.cron, task.schedule.timezone, now],
    );
  }
}

export interface ScheduleRow {
  id: string;
  task_identifier: string;
  cron: string;
  timezone: string;
  last_slot: Date | null;
  created_at: Date;
  type: "DECLARATIVE" | "IMPERATIVE";
  active: boolean;
  deduplication_key: string | null;
  external_id: string | null;
}

/**
 * A schedule's first slot after `from`, kept between ticks: the maintenance pass runs every second
 * (and after each clock jump), and croner's `previousRuns` was most of its cost.
 */
const nextSlots = new Map<string, { key: string; cron: Cron; next: Date | null }>();
function nextAfter(s: ScheduleRow, from: Date): { cron: Cron; next: Date | null } {
  const key = `${s.cron}|${s.timezone}|${from.getTime()}`;
  const known = nextSlots.get(s.id);
  if (known?.key === key) return known;
  const cron = new Cron(s.cron, { timezone: s.timezone, paused: true });
  const entry = { key, cron, next: cron.nextRun(from) };
  nextSlots.set(s.id, entry);
  return entry;
}

/**
 * Fires the most recent due slot of each schedule (missed slots are skipped, as the platform does
 * not backfill). The (schedule, slot) primary key makes it exactly one run per slot across workers.
 */
export async function tickSchedules(core: EngineCore): Promise<void> {
  const now = core.clock.now();
  const tasks = [...core.project.tasks.values()];
  const ids = tasks.filter((t) => t.schedule).map((t) => scheduleId(t.id));
  const targets = tasks.filter((t) => t.scheduled).map((t) => t.id);
  if (ids.length === 0 && targets.length === 0) return;
  await inTx(core.pool, async (c) => {
    // Declarative ones of the loaded task files, and active imperative ones (schedules.create).
    const res = await c.query<ScheduleRow>(
      `SELECT * FROM trigger_engine.schedules
        WHERE id = ANY($1) OR (type = 'IMPERATIVE' AND active AND task_identifier = ANY($2))
        FOR UPDATE SKIP LOCKED`,
      [ids, targets],
    );
    for (const s of res.rows) {
      const from = s.last_slot ?? s.created_at;
      const { cron, next } = nextAfter(s, from);
      if (!next || next > now) continue;
      const slot = cron.previousRuns(1, new Date(now.getTime() + 1))[0];
      if (!slot || slot <= from) continue;
      const claimed = await c.query(
        "INSERT INTO trigger_engine.schedule_slots (schedule_id, slot, run_id) VALUES ($1, $2, '') ON CONFLICT DO NOTHING",
        [s.id, slot],
      );
      await c.query("UPDATE trigger_engine.schedules SET last_slot = $2 WHERE id = $1", [s.id, slot]);
      if (!claimed.rowCount) continue;
      const payload = await stringifyIO({
        scheduleId: s.id,
        type: s.type,
        ...(s.external_id ? { externalId: s.external_id } : {}),
        timestamp: slot,
        ...(s.last_slot ? { lastTimestamp: s.last_slot } : {}),
        timezone: s.timezone,
        upcoming: cron.nextRuns(10, slot),
      });
      const { run } = await insertRun(core, c, {
        taskId: s.task_identifier,
        payload: payload.data,
        options: { payloadType: payload.dataType, tags: [`schedule:${s.id}`] },
      });
      await c.query(
        "UPDATE trigger_engine.schedule_slots SET run_id = $3 WHERE schedule_id = $1 AND slot = $2",
        [s.id, slot, run.friendly_id],
      );
    }
  });
}
