import { randomBytes, randomInt } from "node:crypto";
import { readFileSync } from "node:fs";
import { type Browser, expect, type Page } from "@playwright/test";
import pg from "pg";
import { engineState } from "../server/engine/index.js";

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
const SLA = {
  EMERGENT: { priority: "URGENT", dueMin: 15, warnMin: 5 },
  URGENT: { priority: "HIGH", dueMin: 120, warnMin: 60 },
  ROUTINE: { priority: "NORMAL", dueMin: 24 * 60, warnMin: 240 },
} as const;

export interface MadePatient {
  patientId: string;
  episodeId: string;
  /** As the phone simulator lists it. */
  fullName: string;
  /** As lists show it: first name and last initial. */
  displayName: string;
}

/**
 * Test factory: a synthetic, consenting patient with an open episode (discharged three days ago),
 * written straight to the e2e database so each test (and each retry) owns its patient.
 */
export async function makePatient(opts: { language?: "EN" | "ES"; now?: number } = {}): Promise<MadePatient> {
  const suffix = randomBytes(6).toString("hex");
  const first = `Test${suffix.slice(0, 5)}`;
  const last = "Zeta";
  const patientId = `e2e_p_${suffix}`;
  const episodeId = `e2e_e_${suffix}`;
  const now = opts.now ?? (await serverNowMs());
  await withDb(async (db) => {
    await db.query("BEGIN");
    await db.query(
      `INSERT INTO "Patient" (id, mrn, "firstName", "lastName", phone, "preferredLanguage", "consentStatus", "updatedAt")
       VALUES ($1, $2, $3, $4, $5, $6, 'GRANTED', now())`,
      [
        patientId,
        `E2E-${suffix}`,
        first,
        last,
        `+1999${randomInt(1_000_000, 9_999_999)}`,
        opts.language ?? "EN",
      ],
    );
    await db.query(
      `INSERT INTO "Episode" (id, "patientId", protocol, "protocolVersion", "hospitalName", "dischargedAt", "closesAt", "updatedAt")
       VALUES ($1, $2, 'HF', 1, 'E2E Hospital', $3, $4, now())`,
      [episodeId, patientId, new Date(now - 3 * 24 * 60 * MIN), new Date(now + 27 * 24 * 60 * MIN)],
    );
    await db.query("COMMIT");
  });
  return { patientId, episodeId, fullName: `${first} ${last}`, displayName: `${first} ${last.slice(0, 1)}.` };
}

/**
 * Test factory: a synthetic patient (see makePatient) with one open task.
 * `dueInMin` is relative to now (negative = already breached).
 */
export async function makeTask(opts: {
  severity?: keyof typeof SLA;
  reason?: string;
  dueInMin: number;
  language?: "EN" | "ES";
  assigneeEmail?: string;
}): Promise<MadeTask> {
  const severity = opts.severity ?? "URGENT";
  const sla = SLA[severity];
  const reason = opts.reason ?? "HF_WEIGHT_GAIN";
  const now = await serverNowMs();
  const { patientId, episodeId, displayName } = await makePatient({ language: opts.language, now });
  const taskId = `e2e_t_${patientId.slice("e2e_p_".length)}`;
  const due = new Date(now + opts.dueInMin * MIN);
  const created = new Date(due.getTime() - sla.dueMin * MIN);
  await withDb(async (db) => {
    await db.query("BEGIN");
    const assignee = opts.assigneeEmail
      ? (await db.query(`SELECT id FROM "User" WHERE email = $1`, [opts.assigneeEmail])).rows[0]?.id
      : null;
    await db.query(
      `INSERT INTO "EscalationTask" (id, "patientId", "episodeId", severity, priority, "primaryReason", "reasonCodes",
         "openKey", "assigneeId", "slaWarnAt", "slaDueAt", "createdAt", "updatedAt")
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, now())`,
      [
        taskId,
        patientId,
        episodeId,
        severity,
        sla.priority,
        reason,
        [reason],
        `${patientId}:${reason}`,
        assignee,
        new Date(due.getTime() - sla.warnMin * MIN),
        due,
        created,
      ],
    );
    await db.query(
      `INSERT INTO "TaskEvent" (id, "taskId", "actorKind", kind, data, "createdAt") VALUES ($1, $2, 'SYSTEM', 'CREATED', $3, $4)`,
      [`e2e_ev_${taskId}`, taskId, JSON.stringify({ reason }), created],
    );
    await db.query("COMMIT");
  });
  return { taskId, patientId, displayName };
}

/** Closes a task behind the UI's back (someone else resolved it), to exercise per-item failures. */
export async function closeTaskDirectly(taskId: string): Promise<void> {
  await withDb((db) =>
    db.query(
      `UPDATE "EscalationTask" SET status = 'RESOLVED', disposition = 'FALSE_ALARM', "resolvedAt" = now(), "openKey" = NULL, "updatedAt" = now() WHERE id = $1`,
      [taskId],
    ),
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
