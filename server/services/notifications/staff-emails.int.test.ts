import type { AddressInfo } from "node:net";
import { SMTPServer } from "smtp-server";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../../../test/db.js";
import { loadEmailConfig } from "../../email/config.js";
import { createEmailTransport, type EmailTransport } from "../../email/transport.js";
import { deliverStaffEmails } from "./staff-emails.js";

// A real SMTP server on loopback: nodemailer speaks the real protocol to it.
interface Received {
  to: string[];
  raw: string;
}
let t: TestDatabase;
let smtp: SMTPServer;
let received: Received[] = [];
let refuseNext: { code: number; message: string } | null = null;
let transport: EmailTransport;

beforeAll(async () => {
  t = await createTestDatabase();
  smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS", "AUTH"],
    logger: false,
    onRcptTo(_address, _session, callback) {
      const refusal = refuseNext;
      refuseNext = null;
      if (refusal) callback(Object.assign(new Error(refusal.message), { responseCode: refusal.code }));
      else callback();
    },
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
  const port = (smtp.server.address() as AddressInfo).port;
  transport = createEmailTransport(
    loadEmailConfig({ SMTP_URL: `smtp://127.0.0.1:${port}`, EMAIL_FROM: "Sequora <alerts@sequora.test>" }),
  );
});
afterAll(async () => {
  transport?.close();
  await new Promise<void>((resolve) => (smtp ? smtp.close(() => resolve()) : resolve()));
  await t?.drop();
});
beforeEach(() => {
  received = [];
  refuseNext = null;
});

let seq = 0;
async function outbox(to: string) {
  seq++;
  return t.db.emailMessage.create({
    data: {
      to,
      subject: `A emergent task breached its SLA (${seq})`,
      body: "Open Sequora to see the task.",
      idempotencyKey: `email-test:${seq}:${Math.random()}`,
    },
  });
}

describe("staff e-mail", () => {
  it("sends each pending e-mail once over SMTP, with our id as Message-ID", async () => {
    const row = await outbox("sam.supervisor@sequora.test");
    expect(await deliverStaffEmails(t.db, transport)).toEqual({ sent: 1, failed: 0, retry: 0 });
    expect(received).toHaveLength(1);
    expect(received[0]!.to).toEqual(["sam.supervisor@sequora.test"]);
    expect(received[0]!.raw).toContain(`Message-ID: <${row.id}@sequora>`);
    expect(received[0]!.raw).toContain(`Subject: ${row.subject}`);
    expect(received[0]!.raw).toContain("From: Sequora <alerts@sequora.test>");
    expect(await t.db.emailMessage.findUniqueOrThrow({ where: { id: row.id } })).toMatchObject({
      status: "SENT",
      providerId: `<${row.id}@sequora>`,
    });
    expect(await deliverStaffEmails(t.db, transport)).toEqual({ sent: 0, failed: 0, retry: 0 });
    expect(received).toHaveLength(1);
  });

  it("a refused address fails for good; a busy server leaves it for after the lease", async () => {
    const bad = await outbox("nobody@sequora.test");
    refuseNext = { code: 550, message: "No such user" };
    expect(await deliverStaffEmails(t.db, transport)).toMatchObject({ failed: 1 });
    expect(await t.db.emailMessage.findUniqueOrThrow({ where: { id: bad.id } })).toMatchObject({
      status: "FAILED",
      failReason: "smtp 550",
    });

    const later = await outbox("grace.nurse@sequora.test");
    refuseNext = { code: 451, message: "Try again later" };
    expect(await deliverStaffEmails(t.db, transport)).toMatchObject({ retry: 1 });
    expect((await t.db.emailMessage.findUniqueOrThrow({ where: { id: later.id } })).status).toBe("SENDING");
    expect(await deliverStaffEmails(t.db, transport)).toMatchObject({ sent: 0, retry: 0 });
    await t.db.emailMessage.update({
      where: { id: later.id },
      data: { updatedAt: new Date(Date.now() - transport.inFlightLeaseMs - 1_000) },
    });
    expect(await deliverStaffEmails(t.db, transport)).toMatchObject({ sent: 1 });
    expect(received.map((r) => r.to[0])).toEqual(["grace.nurse@sequora.test"]);
  });

  it("embedded mode: the table is the outbox, rows are marked sent without leaving the machine", async () => {
    const outboxTransport = createEmailTransport(loadEmailConfig({}));
    const row = await outbox("ana.nurse@sequora.test");
    expect(await deliverStaffEmails(t.db, outboxTransport)).toMatchObject({ sent: 1 });
    expect(received).toHaveLength(0);
    expect((await t.db.emailMessage.findUniqueOrThrow({ where: { id: row.id } })).status).toBe("SENT");
  });

  it("a bad SMTP_URL stops start-up with a message naming it", () => {
    expect(() => loadEmailConfig({ SMTP_URL: "http://mail.example.org" })).toThrow(
      /SMTP_URL: must be an smtp/,
    );
  });
});
