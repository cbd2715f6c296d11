import type pg from "pg";
import type { Db } from "../db/client.js";
import type { EngineState } from "../engine/index.js";
import { wallClockNow } from "../lib/clock.js";
import { logger } from "../lib/logger.js";
import { createNurseBot, createPatientBot } from "./bots.js";
import { DEMO_PATIENTS, demoMrn, demoPhone, LEFT_OPEN_MS } from "./cast.js";
import { nextEvent } from "./engine-time.js";
import { enrolPatient, type Messaging, patientTexts } from "./flows.js";
import type { Persona } from "./personas.js";
import { waitForQuiet } from "./quiet.js";

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const realNow = () => wallClockNow().getTime();

function discharge(i: number, at: Date) {
  const p = DEMO_PATIENTS[i]!;
  return {
    firstName: p.first,
    lastName: p.last,
    mrn: demoMrn(i),
    phone: demoPhone(i),
    preferredLanguage: p.lang,
    timeZone: p.tz,
    protocol: p.protocol,
    dischargedAt: at,
    highRiskMedClasses: p.protocol === "HF" ? ["DIURETIC" as const] : [],
  };
}

export interface DemoEngine {
  pool: pg.Pool;
  state: EngineState;
  clock: {
    now(): Date;
    advance(ms: number): Promise<unknown>;
    offsetMs(): number;
    startBehind(ms: number): Promise<void>;
  };
  /** The embedded engine's idle hint (`Engine.whenIdle`): settling looks again when it resolves. */
  whenIdle?(): Promise<void>;
}

/**
 * Plays the demo hospital's story on the engine's clock, from wherever it stands (the start of the
 * story, or where an interrupted start left it) until the clock is back on the wall clock:
 * patients are discharged and enrolled at their moment, answer their check-ins as their persona
 * would, send their own texts, and nurses work every task except those of the last hours. Every
 * step is idempotent or checked against the database, so a resumed story never doubles a step.
 * "Now" is the wall clock, re-read each round; events placed "x before now" land within the
 * story's own play time (a minute or two) of it.
 */
export async function playStory(opts: {
  db: Db;
  engine: DemoEngine;
  messaging: Messaging;
  hospitalName: string;
  /** Stops between rounds (the app is shutting down); the next start resumes. */
  signal?: AbortSignal;
}): Promise<{ rounds: number }> {
  const { db, engine } = opts;
  const virtual = () => engine.clock.now().getTime();
  const personas = new Map<string, Persona>();
  const known = await db.patient.findMany({
    where: { mrn: { in: DEMO_PATIENTS.map((_, i) => demoMrn(i)) } },
    select: { id: true, mrn: true },
  });
  for (const p of known) {
    const i = DEMO_PATIENTS.findIndex((_, j) => demoMrn(j) === p.mrn);
    personas.set(p.id, DEMO_PATIENTS[i]!.persona);
    // A start cut off between intake and enrolment: the (idempotent) enrolment is started again.
    await enrolPatient(db, discharge(i, engine.clock.now()), opts.hospitalName);
  }
  const patientBot = createPatientBot({
    ...opts.messaging,
    personas,
    ...(known.length ? { since: engine.clock.now() } : {}),
  });
  let round = 0;
  const nurseBot = createNurseBot({
    db,
    round: () => round,
    // A nurse calls back within half an hour (an emergency within minutes); the tasks of the
    // last hours are today's board.
    works: (t) =>
      t.createdAt.getTime() <= virtual() - (t.severity === "EMERGENT" ? 5 * 60_000 : HOUR / 2) &&
      virtual() < realNow() - LEFT_OPEN_MS,
  });
  const settle = () =>
    waitForQuiet({
      pool: engine.pool,
      engine: engine.state,
      now: () => engine.clock.now(),
      ...(engine.whenIdle ? { idle: engine.whenIdle.bind(engine) } : {}),
    });

  /** Discharges whose moment has come, and texts the patients send on their own. */
  const dueSteps = async (): Promise<number> => {
    let acted = 0;
    for (const [i, p] of DEMO_PATIENTS.entries()) {
      if (virtual() < realNow() - p.dischargedAgoMs) continue;
      const row = await db.patient.findUnique({ where: { mrn: demoMrn(i) }, select: { id: true } });
      let patientId = row?.id;
      if (!patientId) {
        const enrolled = await enrolPatient(db, discharge(i, engine.clock.now()), opts.hospitalName);
        patientId = enrolled.patientId;
        personas.set(patientId, p.persona);
        acted++;
      }
      for (const text of p.texts ?? []) {
        if (virtual() < realNow() - text.agoMs) continue;
        const sent = await db.message.count({
          where: { patientId, direction: "INBOUND", body: text.body },
        });
        // A text sent while a check-in question waits would be read as its answer: wait for the end.
        const asking = await db.checkIn.count({
          where: { episode: { patientId }, status: "IN_PROGRESS" },
        });
        if (sent || asking) continue;
        await patientTexts(opts.messaging, demoPhone(i), text.body);
        acted++;
      }
    }
    return acted;
  };

  /** The next moment a discharge or a text of the script is due. */
  const nextScripted = (): number => {
    const end = realNow();
    const moments = DEMO_PATIENTS.flatMap((p) => [
      end - p.dischargedAgoMs,
      ...(p.texts ?? []).map((t) => end - t.agoMs),
    ]).filter((at) => at > virtual());
    return Math.min(Number.POSITIVE_INFINITY, ...moments);
  };

  let nextDay = virtual() + DAY;
  for (;;) {
    if (opts.signal?.aborted) break;
    round++;
    await dueSteps();
    await settle();
    for (let i = 0; i < 10 && (await patientBot(engine.clock.now())) > 0; i++) await settle();
    if ((await nurseBot()) > 0) await settle();
    // A text held back while a check-in was asking goes now that it is over.
    if ((await dueSteps()) > 0) await settle();
    if (engine.clock.offsetMs() >= 0) break;
    const now = virtual();
    const end = realNow();
    const openEarlier = await db.escalationTask.count({
      where: { status: { in: ["OPEN", "IN_PROGRESS"] } },
    });
    const target = Math.min(
      await nextEvent(engine.state, engine.clock.now()),
      nextScripted(),
      // While tasks are open before the last hours, nurses look at the queue every hour.
      openEarlier > 0 && now < end - LEFT_OPEN_MS ? now + HOUR : Number.POSITIVE_INFINITY,
    );
    // The last step lands exactly on the wall clock (offset 0): the story is over.
    if (target >= end) await engine.clock.advance(-engine.clock.offsetMs());
    else await engine.clock.advance(Math.max(1000, target - now));
    if (virtual() >= nextDay) {
      nextDay += DAY;
      const daysLeft = Math.ceil((realNow() - virtual()) / DAY);
      logger.info("demo history: playing", { round, daysLeft });
    }
  }
  return { rounds: round };
}
