import type { AddressInfo } from "node:net";
import { TZDate } from "@date-fns/tz";
import { SMTPServer } from "smtp-server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type AppHarness, eventually, startAppHarness } from "../test/app-harness.js";
import { deliverNotices } from "./shared/notices.js";
import { taskServices } from "./shared/runtime.js";

const TZ = "America/New_York";

/** The next Monday 08:00 in `tz` after `from`. */
function nextMonday8(from: Date, tz: string): Date {
  const local = new TZDate(from.getTime(), tz);
  const ahead = (8 - local.getDay()) % 7 || 7;
  return new Date(
    new TZDate(local.getFullYear(), local.getMonth(), local.getDate() + ahead, 8, 0, 0, tz).getTime(),
  );
}

describe("the Monday weekly summary on the embedded engine", () => {
  let h: AppHarness;
  let smtp: SMTPServer;
  const received: { to: string[]; raw: string }[] = [];
  beforeAll(async () => {
    // A real SMTP server on loopback: the task's e-mails leave through nodemailer's SMTP transport.
    smtp = new SMTPServer({
      authOptional: true,
      disabledCommands: ["STARTTLS", "AUTH"],
      logger: false,
      onData(stream, session, callback) {
        let raw = "";
        stream.on("data", (chunk: Buffer) => {
          raw += chunk.toString("utf8");
        });
        stream.on("end", () => {
          received.push({ to: session.envelope.rcptTo.map((r) => r.address), raw });
          callback();
        });
      },
    });
    await new Promise<void>((resolve) => smtp.listen(0, "127.0.0.1", resolve));
    process.env.SMTP_URL = `smtp://127.0.0.1:${(smtp.server.address() as AddressInfo).port}`;
    process.env.HOSPITAL_TIME_ZONE = TZ;
    h = await startAppHarness();
  });
  afterAll(async () => {
    await h?.stop();
    await new Promise<void>((resolve) => (smtp ? smtp.close(() => resolve()) : resolve()));
  });

  const weekly = () => received.filter((m) => /Subject: Sequora weekly summary/.test(m.raw));

  it("sends one summary per supervisor at Monday 08:00, nothing more on a re-run, again on an admin's re-send", async () => {
    const supervisors = await h.t.db.user.findMany({
      where: { role: "SUPERVISOR", active: true },
      select: { id: true, email: true },
    });
    expect(supervisors.length).toBeGreaterThan(0);
    const monday = nextMonday8(h.engine.clock.now(), TZ);
    await h.advanceTo(monday);
    const rows = await eventually("a summary per supervisor", async () => {
      const r = await h.t.db.weeklySummary.findMany();
      return r.length === supervisors.length && r.every((x) => x.sendCount === 1) ? r : null;
    });
    const week = rows[0]!.week;
    // The week summarised is the one that ended at Monday 00:00 local.
    expect(new TZDate(rows[0]!.weekEnd.getTime(), TZ).getHours()).toBe(0);
    expect(rows[0]!.weekEnd.getTime()).toBeLessThan(monday.getTime());
    await eventually("one e-mail each through SMTP", async () => weekly().length === supervisors.length);
    expect(
      weekly()
        .flatMap((m) => m.to)
        .sort(),
    ).toEqual(supervisors.map((s) => s.email).sort());

    // The task's own step again for the same Monday: nothing new is made or sent.
    const { produceWeeklySummaries } = await import("../server/services/reports/weekly-summary.js");
    expect(await produceWeeklySummaries(h.t.db, monday, TZ)).toMatchObject({ week, created: 0, emailed: 0 });
    await deliverNotices(taskServices());
    expect(weekly()).toHaveLength(supervisors.length);

    // An admin re-sends one supervisor's copy from the page.
    const admin = await h.as("alex.admin@sequora.test");
    const target = supervisors[0]!;
    expect(await admin.report.resend({ week, recipientId: target.id })).toEqual({ sendCount: 2 });
    // Sent by this call or by a run of the engine's that claimed the row first (the escalations of
    // the demo's tasks deliver pending e-mails too).
    await deliverNotices(taskServices());
    await eventually(
      "the re-sent copy",
      async () => weekly().filter((m) => m.to.includes(target.email)).length === 2,
    );
    expect(weekly()).toHaveLength(supervisors.length + 1);

    // The supervisor's page reads the stored figures.
    const sup = await h.as(target.email);
    const weeks = await sup.report.weeks();
    expect(weeks.map((w) => w.week)).toEqual([week]);
    expect((await sup.report.week({ week })).figures.week).toBe(week);
  });
});
