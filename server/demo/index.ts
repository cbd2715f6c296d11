// The living demo: on a demo database's first start, the demo hospital is made by running the
// real flows (intake, enrolment, check-ins, patient texts, escalation, assignment, SLA monitors,
// nurses' work) over the past week on the engine's clock, so every patient has a history.
// Accounts and the on-call roster are written before the app says "running"; the story plays
// in the background afterwards (a minute or two), with progress in the log.
import type { Db } from "../db/client.js";
import { logger } from "../lib/logger.js";
import { loadVisitSettings } from "../services/visits/settings.js";
import { STORY_MS } from "./cast.js";
import { ensureDemoClinic } from "./demo-clinic.js";
import { setClockBehind, storedClockOffset } from "./engine-time.js";
import type { Messaging } from "./flows.js";
import { type DemoEngine, playStory } from "./playback.js";
import { DEMO_STAFF, ensureDemoStaff } from "./staff.js";

export { DEMO_PASSWORD, DEMO_STAFF } from "./staff.js";

const DAY = 86_400_000;

/**
 * Where a demo database stands. LEAVE: it holds other staff (not ours to fill). DONE: the story
 * was played (the clock is back on the wall clock and patients exist), or an older demo seeded
 * it. BUILD: fresh, or an earlier first start was interrupted: it is completed, never left half.
 */
export async function demoStage(db: Db): Promise<"LEAVE" | "DONE" | "BUILD"> {
  const demoEmails = new Set<string>(DEMO_STAFF.map((s) => s.email));
  const users = await db.user.findMany({ select: { email: true } });
  if (users.some((u) => !demoEmails.has(u.email))) return "LEAVE";
  if ((await db.patient.count()) > 0 && (await storedClockOffset(db)) >= 0) return "DONE";
  return "BUILD";
}

/** Before "running": the demo accounts and roster, usable at once. Says whether a story must play. */
export async function prepareDemo(db: Db): Promise<{ seeded: boolean; play: boolean }> {
  if ((await demoStage(db)) !== "BUILD") return { seeded: false, play: false };
  const from = new Date(Date.now() - STORY_MS - DAY);
  const created = await ensureDemoStaff(db, { from, until: new Date(Date.now() + 60 * DAY) });
  // Slots from the story's start, so patients discharged in the played week can be offered times.
  await ensureDemoClinic(db, { from, weeks: loadVisitSettings().VISIT_SLOT_WEEKS + 2 });
  return { seeded: created > 0, play: true };
}

/**
 * After "running": plays (or resumes) the story. Only on a database nothing else has run on yet
 * is the clock put back to the story's start; a resumed story carries on from its stored clock.
 */
export async function playDemoHistory(opts: {
  db: Db;
  engine: DemoEngine;
  messaging: Messaging;
  hospitalName: string;
  signal?: AbortSignal;
}): Promise<void> {
  const started = performance.now();
  if ((await opts.db.patient.count()) === 0) await setClockBehind(opts.engine, STORY_MS);
  logger.info("demo history: playing the past week through the real flows (sign-ins work already)", {
    offsetMs: opts.engine.clock.offsetMs(),
  });
  const { rounds } = await playStory(opts);
  if (opts.signal?.aborted) return;
  const [patients, messages, tasks] = await Promise.all([
    opts.db.patient.count(),
    opts.db.message.count(),
    opts.db.escalationTask.groupBy({ by: ["status"], _count: { _all: true } }),
  ]);
  logger.info("demo history: ready", {
    seconds: Math.round((performance.now() - started) / 1000),
    rounds,
    patients,
    messages,
    tasks: Object.fromEntries(tasks.map((t) => [t.status, t._count._all])),
  });
}
