import type pg from "pg";

// Queue limits as the claim applies them: each queue's declared `concurrencyLimit` (task files),
// unless `queues.overrideConcurrencyLimit` replaced it, and which queues `queues.pause` stopped.
// Overrides and pauses are rows (`trigger_engine.queue_settings`); every engine process (and
// executor thread) keeps a copy, read at start and again when a change is announced
// (`NOTIFY trigger_engine_queues`), so the claim's hot path reads nothing more.

export interface QueueSettingRow {
  name: string;
  concurrency_override: number | null;
  overridden_at: Date | null;
  paused: boolean;
}

export const QUEUES_CHANNEL = "trigger_engine_queues";

export class QueueSettings {
  private rows = new Map<string, QueueSettingRow>();
  // What every claim passes to Postgres, derived once per reload rather than on each claim.
  private limited: readonly string[] = [];
  private closed: readonly string[] = [];

  constructor(private readonly declared: ReadonlyMap<string, number>) {
    this.apply([]);
  }

  private pending: Promise<void> | undefined;

  async reload(db: pg.Pool | pg.PoolClient): Promise<void> {
    const res = await db.query<QueueSettingRow>("SELECT * FROM trigger_engine.queue_settings");
    this.apply(res.rows);
  }

  private apply(rows: QueueSettingRow[]): void {
    this.rows = new Map(rows.map((r) => [r.name, r]));
    const limited = new Set(this.declared.keys());
    for (const r of rows) if (r.concurrency_override !== null) limited.add(r.name);
    this.limited = [...limited];
    this.closed = rows.filter((r) => r.paused || r.concurrency_override === 0).map((r) => r.name);
  }

  /**
   * A change was announced: read the settings again. A claim waits for it (`whenCurrent`), so a
   * run whose NOTIFY came after the change's is never claimed under the old settings.
   */
  refresh(db: pg.Pool): Promise<void> {
    const p: Promise<void> = this.reload(db).finally(() => {
      if (this.pending === p) this.pending = undefined;
    });
    this.pending = p;
    return p;
  }

  /** While an announced change is being read: resolves (never rejects) once it has been. */
  whenCurrent(): Promise<unknown> | undefined {
    return this.pending?.catch(() => undefined);
  }

  /** The queue's declared limit, as the task files give it. */
  declaredLimit(name: string): number | undefined {
    return this.declared.get(name);
  }

  setting(name: string): QueueSettingRow | undefined {
    return this.rows.get(name);
  }

  /** The limit the claim enforces: the override, else the declared one. */
  limit(name: string): number | undefined {
    return this.rows.get(name)?.concurrency_override ?? this.declared.get(name);
  }

  isPaused(name: string): boolean {
    return this.rows.get(name)?.paused ?? false;
  }

  /** A run of this queue must be claimed under the lock (limited) or not at all (paused). */
  holdsBack(name: string): boolean {
    return this.limit(name) !== undefined || this.isPaused(name);
  }

  /** Queues with a limit (declared or overridden): claimed under the advisory lock. */
  limitedNames(): readonly string[] {
    return this.limited;
  }

  /** Queues that admit nothing now: paused, or overridden to a limit of 0 (the claim's pick skips them). */
  closedNames(): readonly string[] {
    return this.closed;
  }
}
