import { randomBytes, randomInt } from "node:crypto";
import { readFileSync } from "node:fs";
import { type Browser, expect, type Page } from "@playwright/test";
import pg from "pg";
import { createDb, type Db } from "../server/db/client.js";
import {
  admitPatient,
  patientTexts,
  raiseTask,
  supervisorAssigns,
  supervisorResolves,
} from "../server/demo/flows.js";
import { TASK_SLA, type TaskSeverity } from "../server/domain/index.js";
import { engineState, realNow, shiftProcessClock } from "../server/engine/index.js";
import { createSmsService, loadSmsConfig } from "../server/sms/index.js";

export const DEMO_PASSWORD = "sequora-demo";
export const USERS = {
  nurse: "ana.nurse@sequora.test",
  spanishNurse: "luis.nurse@sequora.test",
  otherNurse: "grace.nurse@sequora.test",
  supervisor: "sam.supervisor@sequora.test",
  admin: "alex.admin@sequora.test",
} as const;
export const NAMES = {
  "ana.nurse@sequora.test": "Ana Brooks",
  "luis.nurse@sequora.test": "Luis Ortega",
  "grace.nurse@sequora.test": "Grace Kim",
  "sam.supervisor@sequora.test": "Sam Patel",
  "alex.admin@sequora.test": "Alex Morgan",
} as const;

/** Signs in through the real form, as a person would. */
export async function signIn(page: Page, email: string, password = DEMO_PASSWORD): Promise<void> {
  await page.goto("/");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel(/^Password/).fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("navigation", { name: "Main navigation" })).toBeVisible();
}

/** A signed-in page in a browser context of its own (separate cookies: a second person). */
export async function personPage(browser: Browser, email: string): Promise<Page> {
  const context = await browser.newContext();
  const page = await context.newPage();
  await signIn(page, email);
  return page;
}

/** Picks an option of a Mantine Select/MultiSelect by its label. */
export async function choose(page: Page, label: string | RegExp, option: string | RegExp): Promise<void> {
  await page.getByRole("combobox", { name: label }).click();
  await page.getByRole("option", { name: option }).first().click();
}

// The e2e server's embedded Postgres (playwright.config.ts: EMBEDDED_PG_PORT 54341, fresh per run);
// its superuser password is the per-install one the server keeps in its data folder.
const e2eDbUrl = () =>
  `postgresql://postgres:${readFileSync(".data/e2e/postgres-password", "utf8").trim()}@127.0.0.1:${process.env.E2E_PG_PORT ?? 54341}/sequora`;

async function withDb<T>(fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: e2eDbUrl() });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/**
 * The server's "now": in embedded mode an admin (or the QA suite) may have moved the demo clock
 * forward; the offset is persisted by the run engine, so factories read it to place SLA times.
 */
export async function serverNowMs(): Promise<number> {
  const offset = await withDb((db) => engineState(db).clockOffsetMs());
  return Date.now() + offset;
}

export interface MadeTask {
  taskId: string;
  patientId: string;
  /** As the queue shows it: first name and last initial. */
  displayName: string;
}

const MIN = 60_000;

export interface MadePatient {
  patientId: string;
  episodeId: string;
  /** As the phone simulator lists it. */
  fullName: string;
  /** As lists show it: first name and last initial. */
  displayName: string;
}

// The factories create data through the product's own use cases (server/demo/flows.ts), on the
// e2e database, with a Prisma client of this worker's own.
let services:
  | { db: Db; sms: ReturnType<typeof createSmsService>; config: ReturnType<typeof loadSmsConfig> }
  | undefined;
export function product() {
  if (!services) {
    // The product's info lines (texts sent, …) belong to the server's log, not the test report.
    process.env.LOG_LEVEL ??= "warn";
    const db = createDb(e2eDbUrl(), { max: 2 });
    const config = loadSmsConfig({});
    services = { db, sms: createSmsService({ db, config }), config };
  }
  return services;
}

/**
 * Runs the product's code as if at server time `atMs` (the use cases read the process clock, as
 * they do inside the server, where the demo clock shifts it), then puts this process back.
 */
export async function atServerTime<T>(atMs: number, fn: () => Promise<T>): Promise<T> {
  shiftProcessClock(atMs - realNow());
  try {
    return await fn();
  } finally {
    shiftProcessClock(0);
  }
}

const supervisorId = async (db: Db) =>
  (await db.user.findUniqueOrThrow({ where: { email: USERS.supervisor }, select: { id: true } })).id;

/**
 * Test factory: a synthetic patient discharged three days ago through intake, who has texted YES
 * to the consent request (an open episode, no check-ins running), so each test (and each retry)
 * owns its patient.
 */
export async function makePatient(
  opts: { language?: "EN" | "ES"; now?: number; dischargedDaysAgo?: number } = {},
): Promise<MadePatient> {
  const suffix = randomBytes(6).toString("hex");
  const first = `Test${suffix.slice(0, 5)}`;
  const last = "Zeta";
  const phone = `+1999${randomInt(1_000_000, 9_999_999)}`;
  const now = opts.now ?? (await serverNowMs());
  const p = product();
  const { patientId, episodeId } = await atServerTime(now, async () => {
    const admitted = await admitPatient(
      p.db,
      {
        firstName: first,
        lastName: last,
        mrn: `E2E-${suffix}`,
        phone,
        preferredLanguage: opts.language ?? "EN",
        timeZone: "America/New_York",
        protocol: "HF",
        dischargedAt: new Date(now - (opts.dischargedDaysAgo ?? 3) * 24 * 60 * MIN),
        highRiskMedClasses: [],
      },
      "E2E Hospital",
    );
    await patientTexts(p, phone, "YES");
    return admitted;
  });
  return { patientId, episodeId, fullName: `${first} ${last}`, displayName: `${first} ${last.slice(0, 1)}.` };
}

/**
 * Test factory: a synthetic patient (see makePatient) with one open task, raised by the triage
 * rules' own use case at the moment that makes it due `dueInMin` from now (negative = already
 * breached); unassigned unless `assigneeEmail` (a supervisor then hands it over).
 */
export async function makeTask(opts: {
  severity?: TaskSeverity;
  reason?: string;
  dueInMin: number;
  language?: "EN" | "ES";
  assigneeEmail?: string;
}): Promise<MadeTask> {
  const severity = opts.severity ?? "URGENT";
  const sla = TASK_SLA[severity];
  const reason = opts.reason ?? "HF_WEIGHT_GAIN";
  const now = await serverNowMs();
  const { patientId, episodeId, displayName } = await makePatient({ language: opts.language, now });
  const created = now + (opts.dueInMin - sla.dueInMinutes) * MIN;
  const { db } = product();
  const taskId = await atServerTime(created, () =>
    raiseTask(db, {
      patientId,
      episodeId,
      severity,
      reasonCode: reason,
      action: "Call the patient",
      evidence: {},
    }),
  );
  if (opts.assigneeEmail) {
    const to = await db.user.findUniqueOrThrow({
      where: { email: opts.assigneeEmail },
      select: { id: true },
    });
    await atServerTime(now, async () => supervisorAssigns(db, taskId, to.id, await supervisorId(db)));
  }
  return { taskId, patientId, displayName };
}

/** Closes a task behind the UI's back (the supervisor resolved it), to exercise per-item failures. */
export async function closeTaskDirectly(taskId: string): Promise<void> {
  const { db } = product();
  await atServerTime(await serverNowMs(), async () =>
    supervisorResolves(db, taskId, await supervisorId(db), "FALSE_ALARM"),
  );
}

export async function taskRow(
  taskId: string,
): Promise<{ status: string; assigneeId: string | null; disposition: string | null }> {
  return withDb(async (db) => {
    const res = await db.query(
      `SELECT status, "assigneeId", disposition FROM "EscalationTask" WHERE id = $1`,
      [taskId],
    );
    return res.rows[0];
  });
}

/**
 * Minutes from the server's now to a due time earlier than every open task's (and no later than
 * `atMost`): a journey whose task must head the queue asks for this, whatever other journeys, or
 * their failed attempts, left open.
 */
export async function dueBeforeEveryOpenTask(atMost: number): Promise<number> {
  const now = await serverNowMs();
  const earliest = await withDb(async (db) => {
    const res = await db.query(
      `SELECT extract(epoch FROM min("slaDueAt")) * 1000 AS ms FROM "EscalationTask"
       WHERE status IN ('OPEN', 'IN_PROGRESS')`,
    );
    return res.rows[0]?.ms === null ? null : Number(res.rows[0]?.ms);
  });
  if (earliest === null) return atMost;
  return Math.min(atMost, Math.floor((earliest - now) / MIN) - 60);
}

/**
 * Ends, at the server's now, the current on-call shifts of every Spanish speaker but `email`:
 * other journeys put Spanish-speaking nurses on call (the admin journey adds one), and a journey
 * that follows one nurse's notices needs her to be the one the language match picks.
 */
export async function onlySpanishSpeakerOnCall(email: string): Promise<void> {
  const now = await serverNowMs();
  await withDb((db) =>
    db.query(
      `UPDATE "OnCallShift" s SET "endsAt" = to_timestamp($2::float8 / 1000) AT TIME ZONE 'UTC'
       FROM "User" u
       WHERE u.id = s."userId" AND 'ES' = ANY(u.languages) AND u.email <> $1
         AND s."startsAt" <= to_timestamp($2::float8 / 1000) AT TIME ZONE 'UTC'
         AND s."endsAt" > to_timestamp($2::float8 / 1000) AT TIME ZONE 'UTC'`,
      [email, now],
    ),
  );
}

export async function spanishSpeakingStaff(): Promise<string[]> {
  return withDb(async (db) => {
    const res = await db.query(`SELECT name FROM "User" WHERE 'ES' = ANY(languages) AND active`);
    return res.rows.map((r: { name: string }) => r.name);
  });
}

/** For a failing journey: the patient's check-ins and the run engine's view of that patient's runs. */
export async function journeyState(firstName: string): Promise<unknown> {
  return withDb(async (db) => {
    const checkIns = await db.query(
      `SELECT c.slot, c.status, c."scheduledAt" FROM "CheckIn" c JOIN "Episode" e ON e.id = c."episodeId"
       JOIN "Patient" p ON p.id = e."patientId" WHERE p."firstName" = $1 ORDER BY c.slot`,
      [firstName],
    );
    const engine = engineState(db);
    const patients = await db.query<{ id: string }>(`SELECT id FROM "Patient" WHERE "firstName" = $1`, [
      firstName,
    ]);
    const runs = [];
    for (const p of patients.rows)
      runs.push(...(await engine.listRuns({ tag: `patient:${p.id}` })).reverse());
    const busy = await engine.countRuns({ notStatus: ["COMPLETED_SUCCESSFULLY", "CANCELED"] });
    return {
      checkIns: checkIns.rows,
      runs: runs.map((r) => ({ task: r.taskIdentifier, status: r.status })),
      engine: busy.slice(0, 8),
      serverNow: new Date(await serverNowMs()),
    };
  });
}

/** Name of the nurse a task is assigned to (or null). */
export async function assigneeName(taskId: string): Promise<string | null> {
  return withDb(async (db) => {
    const res = await db.query(
      `SELECT u.name FROM "EscalationTask" t LEFT JOIN "User" u ON u.id = t."assigneeId" WHERE t.id = $1`,
      [taskId],
    );
    return (res.rows[0]?.name as string | null) ?? null;
  });
}

/** The patient the hospital feed created for an MRN (its id opens the patient page). */
export async function patientIdByMrn(mrn: string): Promise<string | null> {
  const row = await product().db.patient.findUnique({ where: { mrn }, select: { id: true } });
  return row?.id ?? null;
}

// Trends (issue 16): a patient's check-in history and the supervisors' weekly summary.

/** One day's HF check-in: the replies as the patient texted them, or `missed`. */
export type HfDay = { weight: string; breathing: string; swelling: string } | "missed";

/**
 * Test factory: an HF patient's check-ins, one a day from the day after discharge, each reply judged
 * by the triage rules (with the weight history, as the check-in does) and stored as the check-in
 * stores it, at that day's server time.
 */
export async function reportCheckIns(patient: MadePatient, days: HfDay[]): Promise<void> {
  const { db } = product();
  const { judgeReply } = await import("../server/triage/index.js");
  const { weightHistory } = await import("../server/services/checkins/checkin-store.js");
  const episode = await db.episode.findUniqueOrThrow({ where: { id: patient.episodeId } });
  for (const [i, day] of days.entries()) {
    const at = episode.dischargedAt.getTime() + (i + 1) * 24 * 60 * MIN;
    await atServerTime(at, async () => {
      const checkIn = await db.checkIn.create({
        data: {
          episodeId: episode.id,
          slot: i + 1,
          scheduledAt: new Date(at),
          status: day === "missed" ? "NO_RESPONSE" : "COMPLETED",
          completedAt: new Date(at + 30 * MIN),
        },
      });
      if (day === "missed") return;
      for (const [topic, reply] of [
        ["hf_weight", day.weight],
        ["hf_breathing", day.breathing],
        ["hf_swelling", day.swelling],
      ] as const) {
        const history = await weightHistory(db, episode.id, new Date(at));
        const j = judgeReply({
          protocol: "HF",
          protocolVersion: episode.protocolVersion,
          topic,
          reply,
          history,
        });
        if (j.outcome !== "ANSWER") throw new Error(`unreadable fixture reply for ${topic}`);
        await db.answer.create({
          data: {
            episodeId: episode.id,
            checkInId: checkIn.id,
            topic,
            rawReply: reply,
            parsedValue: j.parsedValue ?? undefined,
            ruleId: j.ruleId,
            ruleVersion: j.ruleVersion,
            severity: j.severity,
            reasonCode: j.reasonCode,
            explanation: { text: j.explanation },
            createdAt: new Date(at + 10 * MIN),
          },
        });
      }
    });
  }
}

/** Runs the Monday summary's own step at server time: last week's summary for every supervisor. */
export async function makeWeeklySummary(): Promise<string> {
  const { db } = product();
  const { produceWeeklySummaries } = await import("../server/services/reports/weekly-summary.js");
  const { hospitalTimeZone } = await import("../server/services/reports/weekly-calendar.js");
  const now = await serverNowMs();
  const made = await atServerTime(now, () => produceWeeklySummaries(db, new Date(now), hospitalTimeZone()));
  return made.week;
}

/** The demo patient who reported the most weights (the README's trend screenshot). */
export async function demoPatientWithMostWeights(): Promise<string> {
  return withDb(async (db) => {
    const res = await db.query(
      `SELECT e."patientId" FROM "Answer" a JOIN "Episode" e ON e.id = a."episodeId"
       WHERE a.topic = 'hf_weight' GROUP BY e."patientId" ORDER BY count(*) DESC LIMIT 1`,
    );
    return res.rows[0]?.patientId as string;
  });
}
