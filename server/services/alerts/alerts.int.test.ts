import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { configure, runs, tasks } from "@trigger.dev/sdk";
import { SMTPServer } from "smtp-server";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { seedDemo } from "../../../prisma/seed.js";
import { createTestDatabase, type TestDatabase } from "../../../test/db.js";
import { createHttpApp } from "../../app.js";
import { loadConfig, loadMonitoringConfig } from "../../config/index.js";
import { createDb } from "../../db/client.js";
import { createEmailTransport, type EmailTransport, loadEmailConfig } from "../../email/index.js";
import { createEngine, type Engine } from "../../engine/index.js";
import { resetWindow } from "../../observability/window.js";
import { deliverStaffEmails } from "../notifications/staff-emails.js";
import { pingDatabase } from "./checks.js";
import { type AlertKey, runSystemChecks } from "./index.js";

// The real engine (the engine's fixture project on this database), a real SMTP server, and a fake
// pager: a local HTTP server that records what the alert webhook posts.
const FIXTURE_DIR = path.resolve(import.meta.dirname, "../../../test/fixtures/trigger-project");
const SECRET = "tr_dev_alerts_test";
const MIN = 60_000;

let t: TestDatabase;
let engine: Engine;
let smtp: SMTPServer;
let mail: EmailTransport;
let pager: Server;
let pagerUrl: string;
let posts: { event: string; alert: { key: string; severity: string; detail: string } }[] = [];
let emails: string[] = [];
let admins = 0;

beforeAll(async () => {
  t = await createTestDatabase();
  await seedDemo(t.db, { hospitalName: "Test Hospital" });
  admins = await t.db.user.count({ where: { role: "ADMIN", active: true } });
  process.env.FIXTURE_DATABASE_URL = t.url;
  engine = await createEngine({ databaseUrl: t.url, projectDir: FIXTURE_DIR, secretKey: SECRET });
  configure({ baseURL: await engine.listen(0), accessToken: SECRET });
  smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS", "AUTH"],
    logger: false,
    onData(stream, _session, callback) {
      let raw = "";
      stream.on("data", (c: Buffer) => {
        raw += c.toString("utf8");
      });
      stream.on("end", () => {
        emails.push(raw);
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => smtp.listen(0, "127.0.0.1", resolve));
  const smtpPort = (smtp.server.address() as AddressInfo).port;
  mail = createEmailTransport(loadEmailConfig({ SMTP_URL: `smtp://127.0.0.1:${smtpPort}` }));
  pager = createServer((req, res) => {
    let body = "";
    req.on("data", (c: Buffer) => {
      body += c.toString("utf8");
    });
    req.on("end", () => {
      posts.push(JSON.parse(body));
      res.writeHead(202).end();
    });
  });
  await new Promise<void>((resolve) => pager.listen(0, "127.0.0.1", resolve));
  pagerUrl = `http://127.0.0.1:${(pager.address() as AddressInfo).port}/hook`;
}, 120_000);

afterAll(async () => {
  await engine?.stop();
  mail?.close();
  await new Promise<void>((resolve) => (smtp ? smtp.close(() => resolve()) : resolve()));
  await new Promise<void>((resolve) => (pager ? pager.close(() => resolve()) : resolve()));
  await t?.drop();
});

beforeEach(() => {
  posts = [];
  emails = [];
  resetWindow();
});

const settings = (extra: Record<string, string> = {}) =>
  loadMonitoringConfig({ ALERT_WEBHOOK_URL: pagerUrl, ...extra });

/** One round of the scheduled task's work, then the e-mail outbox sent through SMTP. */
async function round(
  at: Date,
  opts: { extra?: Record<string, string>; pingDb?: () => Promise<number> } = {},
) {
  const result = await runSystemChecks(
    {
      db: t.db,
      engine: engine.state,
      settings: settings(opts.extra),
      ...(opts.pingDb ? { pingDb: opts.pingDb } : {}),
    },
    at,
  );
  await deliverStaffEmails(t.db, mail, { limit: 100 });
  return result;
}

const raisedPosts = (key: AlertKey) => posts.filter((p) => p.event === "alert.raised" && p.alert.key === key);
const resolvedPosts = (key: AlertKey) =>
  posts.filter((p) => p.event === "alert.resolved" && p.alert.key === key);
const resolvedInApp = (alertId: string) =>
  t.db.notification.count({
    where: {
      kind: "SYSTEM_ALERT_RESOLVED",
      idempotencyKey: { startsWith: `system-alert:${alertId}:resolved:` },
    },
  });

/** Raised once (in-app, e-mail, webhook), quiet on the next round, resolved when it clears. */
async function expectLifecycle(
  key: AlertKey,
  raise: () => Promise<unknown>,
  stillThere: () => Promise<unknown>,
  clear: () => Promise<unknown>,
) {
  await raise();
  const open = await t.db.systemAlert.findUniqueOrThrow({ where: { openKey: key } });
  expect(raisedPosts(key)).toHaveLength(1);
  expect(emails.filter((e) => e.includes(open.title))).toHaveLength(admins);
  expect(
    await t.db.notification.count({ where: { idempotencyKey: { startsWith: `system-alert:${open.id}:` } } }),
  ).toBe(admins);
  expect(open.webhookResult).toBe("202");

  await stillThere();
  expect(raisedPosts(key)).toHaveLength(1);
  expect(emails.filter((e) => e.includes(open.title))).toHaveLength(admins);
  expect((await t.db.systemAlert.findUniqueOrThrow({ where: { openKey: key } })).id).toBe(open.id);
  const seen = await t.db.systemAlert.findUniqueOrThrow({ where: { id: open.id } });
  expect(seen.lastSeenAt.getTime()).toBeGreaterThan(open.lastSeenAt.getTime());

  await clear();
  const closed = await t.db.systemAlert.findUniqueOrThrow({ where: { id: open.id } });
  expect(closed.resolvedAt).not.toBeNull();
  expect(closed.openKey).toBeNull();
  expect(resolvedPosts(key)).toHaveLength(1);
  expect(emails.filter((e) => e.includes(open.title))).toHaveLength(admins);
  expect(await resolvedInApp(open.id)).toBe(admins);
}

describe("system alerts", () => {
  it("run backlog and a stale queue: raised once, quiet while they last, resolved when runs drain", async () => {
    // The engine is not started yet: triggered runs wait in the queue.
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) ids.push((await tasks.trigger("fixture.hello", { name: `n${i}` })).id);
    const now = Date.now();
    const extra = { ALERT_QUEUE_DEPTH: "2", ALERT_QUEUE_AGE_MINUTES: "10" };
    await expectLifecycle(
      "run_backlog",
      async () =>
        expect((await round(new Date(now + 11 * MIN), { extra })).raised).toContain("run_queue_age"),
      () => round(new Date(now + 16 * MIN), { extra }),
      async () => {
        await engine.start();
        for (const id of ids) await waitFinished(id);
        const r = await round(new Date(now + 21 * MIN), { extra });
        expect(r.resolved).toEqual(expect.arrayContaining(["run_backlog", "run_queue_age"]));
      },
    );
    expect(raisedPosts("run_queue_age")).toHaveLength(1);
  });

  it("runs failed after their retries: raised once, resolved an hour later", async () => {
    const run = await tasks.trigger("fixture.flaky", { failTimes: 10 });
    expect((await waitFinished(run.id)).status).toBe("FAILED");
    const now = Date.now();
    await expectLifecycle(
      "runs_failed",
      () => round(new Date(now)),
      () => round(new Date(now + 5 * MIN)),
      () => round(new Date(now + 61 * MIN)),
    );
  });

  it("5xx rate: raised once from real failing requests, resolved when the window has none", async () => {
    const config = loadConfig({ NODE_ENV: "test", DEMO_MODE: "on" });
    const app = createHttpApp({
      services: { db: t.db, config },
      routes: [
        async (req) => {
          if (req.url === "/boom") throw new Error("route failed");
          return false;
        },
      ],
    });
    await new Promise<void>((resolve) => app.listen(0, "127.0.0.1", resolve));
    const base = `http://127.0.0.1:${(app.address() as AddressInfo).port}`;
    for (let i = 0; i < 25; i++) {
      const res = await fetch(`${base}/boom`);
      expect(res.status).toBe(500);
      // The support call's handle: in the header and in the error body.
      const body = (await res.json()) as { error: { requestId: string } };
      expect(body.error.requestId).toBe(res.headers.get("x-request-id"));
    }
    app.closeAllConnections();
    await new Promise<void>((resolve) => app.close(() => resolve()));
    const now = Date.now();
    await expectLifecycle(
      "http_5xx_rate",
      () => round(new Date(now)),
      () => round(new Date(now + 1_000)),
      () => round(new Date(now + 10 * MIN)),
    );
  });

  it("text delivery failures: raised once above the rate, resolved when the hour has passed", async () => {
    const patient = await t.db.patient.findFirstOrThrow({ select: { id: true } });
    for (let i = 0; i < 10; i++) {
      await t.db.message.create({
        data: {
          patientId: patient.id,
          direction: "OUTBOUND",
          body: "test",
          status: i < 5 ? "FAILED" : "DELIVERED",
          errorCode: i < 5 ? 30003 : null,
          sendAttempts: 1,
          idempotencyKey: `alerts-test-${i}`,
        },
      });
    }
    const now = Date.now();
    await expectLifecycle(
      "sms_failure_rate",
      () => round(new Date(now)),
      () => round(new Date(now + MIN)),
      () => round(new Date(now + 61 * MIN)),
    );
  });

  it("database slow, then unreachable: each raised once and resolved", async () => {
    const now = Date.now();
    await expectLifecycle(
      "db_slow",
      () => round(new Date(now), { extra: { ALERT_DB_SLOW_MS: "0.0001" } }),
      () => round(new Date(now + MIN), { extra: { ALERT_DB_SLOW_MS: "0.0001" } }),
      () => round(new Date(now + 2 * MIN)),
    );
    // A database nobody listens for: the probe fails as it would with the server down.
    const gone = createDb("postgresql://nobody:nothing@127.0.0.1:1/none");
    const pingDb = () => pingDatabase(gone, 2_000);
    await expectLifecycle(
      "db_unreachable",
      () => round(new Date(now + 3 * MIN), { pingDb }),
      () => round(new Date(now + 4 * MIN), { pingDb }),
      () => round(new Date(now + 5 * MIN)),
    );
    await gone.$disconnect().catch(() => {});
  });

  it("an open task without a live SLA monitor: raised once, resolved when the task is closed", async () => {
    const patient = await t.db.patient.findFirstOrThrow({ select: { id: true } });
    const now = Date.now();
    // The seeded tasks were written without an engine (no monitors): close them, start clean.
    await t.db.escalationTask.updateMany({
      where: { status: { in: ["OPEN", "IN_PROGRESS"] } },
      data: { status: "RESOLVED" },
    });
    await round(new Date(now - MIN));
    posts = [];
    emails = [];
    const task = await t.db.escalationTask.create({
      data: {
        patientId: patient.id,
        severity: "URGENT",
        priority: "HIGH",
        primaryReason: "TEST",
        reasonCodes: ["TEST"],
        slaWarnAt: new Date(now + 60 * MIN),
        slaDueAt: new Date(now + 120 * MIN),
        createdAt: new Date(now - 10 * MIN),
        monitorRunId: "run_gone",
      },
    });
    await expectLifecycle(
      "sla_monitor_missing",
      () => round(new Date(now)),
      () => round(new Date(now + MIN)),
      async () => {
        await t.db.escalationTask.update({
          where: { id: task.id },
          data: { status: "RESOLVED", resolvedAt: new Date() },
        });
        await round(new Date(now + 2 * MIN));
      },
    );
  });

  it("a webhook that does not answer is recorded as a timeout and does not stop the checks", async () => {
    const silent = createServer(() => {});
    await new Promise<void>((resolve) => silent.listen(0, "127.0.0.1", resolve));
    const url = `http://127.0.0.1:${(silent.address() as AddressInfo).port}/`;
    const now = Date.now();
    const result = await round(new Date(now + 200 * MIN), {
      extra: { ALERT_WEBHOOK_URL: url, ALERT_WEBHOOK_TIMEOUT_MS: "300", ALERT_DB_SLOW_MS: "0.0001" },
    });
    expect(result.raised).toContain("db_slow");
    const alert = await t.db.systemAlert.findUniqueOrThrow({ where: { openKey: "db_slow" } });
    expect(alert.webhookResult).toBe("timeout");
    await round(new Date(now + 201 * MIN));
    silent.closeAllConnections();
    await new Promise<void>((resolve) => silent.close(() => resolve()));
  });
});

async function waitFinished(id: string) {
  const deadline = performance.now() + 30_000;
  for (;;) {
    const run = await runs.retrieve(id);
    if (["COMPLETED", "FAILED", "CANCELED", "CRASHED", "SYSTEM_FAILURE"].includes(run.status)) return run;
    if (performance.now() > deadline) throw new Error(`run ${id} stuck in ${run.status}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
