import net from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../../../test/db.js";
import { adtMessage, newControlId } from "../../../test/fake-ehr/adt-messages.js";
import { connectMllp, type MllpSender, readAck } from "../../../test/fake-ehr/mllp-sender.js";
import type { MllpListener } from "../../hl7/index.js";
import { jobs } from "../../jobs/index.js";
import { startMllpFeed } from "./mllp-feed.js";

// What real feeds get wrong: each bad message is answered AE/AR with the reason in ERR, stored with
// that reason, and the listener keeps serving the same connection and new ones.
describe("malformed messages over MLLP", () => {
  let t: TestDatabase;
  let listener: MllpListener;
  let ehr: MllpSender;
  beforeAll(async () => {
    t = await createTestDatabase();
    listener = await startMllpFeed({ db: t.db, jobs, hospitalName: "Test" }, { host: "127.0.0.1", port: 0 });
    ehr = await connectMllp(listener.port);
  });
  afterAll(async () => {
    await ehr?.close();
    await listener?.stop();
    await t?.drop();
  });

  const good = (controlId = newControlId()) => adtMessage({ event: "A08", mrn: "UNKNOWN-1", controlId });
  const replace = (text: string, from: string | RegExp, to: string) => text.replace(from, to);
  const setPv1 = (text: string, field: number, value: string) =>
    text
      .split("\r")
      .map((seg) => {
        if (!seg.startsWith("PV1|")) return seg;
        const f = seg.split("|");
        f[field] = value;
        return f.join("|");
      })
      .join("\r");

  it.each([
    ["wrong segment order", (m: string) => m.split("\r").reverse().join("\r"), "AR", "MSH"],
    [
      "PV1 before PID",
      (m: string) => {
        const s = m.split("\r");
        return [s[0], s[1], s[3], s[2], ...s.slice(4)].join("\r");
      },
      "AE",
      "PV1 before PID",
    ],
    ["missing PID-3", (m: string) => replace(m, /PID\|1\|\|[^|]*\|/, "PID|1|||"), "AE", "PID-3"],
    ["a bad birth date", (m: string) => replace(m, "19500214", "19501345"), "AE", "PID-7"],
    ["a bad discharge time", (m: string) => setPv1(m, 45, "20260231120000"), "AE", "PV1-45"],
    [
      "an unsupported message type",
      (m: string) => replace(m, "ADT^A03^ADT_A03", "ORU^R01"),
      "AR",
      "Unsupported",
    ],
  ])("%s -> ACK with the reason, stored", async (_, mangle, code, words) => {
    const controlId = newControlId();
    const sent = adtMessage({ event: "A03", mrn: "BAD-1", controlId });
    const ack = readAck(await ehr.send(mangle(sent)));
    expect(ack.code).toBe(code);
    expect(ack.reason).toContain(words);
    const row = await t.db.hospitalMessage.findFirstOrThrow({
      where: { reason: { contains: words } },
      orderBy: { receivedAt: "desc" },
    });
    expect(row).toMatchObject({ result: "INVALID", ackCode: code });
  });

  it("non-UTF-8 bytes -> AR, stored raw byte for byte", async () => {
    const controlId = newControlId();
    const text = adtMessage({ event: "A03", mrn: "BAD-2", controlId });
    const bytes = Buffer.concat([
      Buffer.from(text.replace("Example^Pat", "Ex"), "utf8"),
      Buffer.from([0xff, 0xfe, 0x41]),
    ]);
    const ack = readAck(await ehr.send(bytes));
    expect(ack).toMatchObject({ code: "AR", controlId });
    expect(ack.reason).toContain("UTF-8");
    const row = await t.db.hospitalMessage.findFirstOrThrow({ where: { controlId } });
    expect(Buffer.from(row.raw).equals(bytes)).toBe(true);
  });

  it("a 5 MB message -> AR, stored whole, and the connection goes on", async () => {
    const controlId = newControlId();
    const big = `${adtMessage({ event: "A03", mrn: "BAD-3", controlId })}\rZNT|1|${"x".repeat(5 * 1024 * 1024)}`;
    const ack = readAck(await ehr.send(big));
    expect(ack).toMatchObject({ code: "AR", controlId });
    expect(ack.reason).toContain("limit");
    const row = await t.db.hospitalMessage.findFirstOrThrow({ where: { controlId } });
    expect(row.raw.length).toBe(Buffer.byteLength(big));
    expect(readAck(await ehr.send(good())).code).toBe("AA");
  });

  it("text that is not HL7 -> AR, stored under its content hash; a resend finds the same row", async () => {
    const hashed = { controlId: { startsWith: "sha256:" } };
    const before = await t.db.hospitalMessage.count({ where: hashed });
    const first = readAck(await ehr.send("hello, is this the lab?"));
    const again = readAck(await ehr.send("hello, is this the lab?"));
    expect(first.code).toBe("AR");
    expect(again).toEqual(first);
    expect(await t.db.hospitalMessage.count({ where: hashed })).toBe(before + 1);
  });

  it("a connection closed mid-frame loses nothing acknowledged and the listener keeps serving", async () => {
    const before = await t.db.hospitalMessage.count();
    const cut = await connectMllp(listener.port);
    await cut.writeRaw(Buffer.concat([Buffer.from([0x0b]), Buffer.from(good().slice(0, 40))]));
    await cut.close();
    const other = await connectMllp(listener.port);
    expect(readAck(await other.send(good())).code).toBe("AA");
    await other.close();
    expect(await t.db.hospitalMessage.count()).toBe(before + 1);
  });

  it("frames split byte by byte, and two frames in one write, are each answered in order", async () => {
    const a = newControlId();
    const b = newControlId();
    const raw = Buffer.concat(
      [good(a), good(b)].map((m) =>
        Buffer.concat([Buffer.from([0x0b]), Buffer.from(m), Buffer.from([0x1c, 0x0d])]),
      ),
    );
    const acks: string[] = [];
    // A raw socket so the two frames can share writes and be split anywhere.
    const socket = net.connect({ port: listener.port, host: "127.0.0.1" });
    await new Promise((r) => socket.once("connect", r));
    socket.on("data", (d: Buffer) => acks.push(d.toString("latin1")));
    for (let i = 0; i < raw.length; i += 7) socket.write(raw.subarray(i, i + 7));
    await new Promise<void>((resolve) => {
      const poll = setInterval(() => {
        if (acks.join("").split("\x1c\r").length > 2) {
          clearInterval(poll);
          resolve();
        }
      }, 20);
    });
    socket.destroy();
    const ids = acks
      .join("")
      .split("\x1c\r")
      .filter(Boolean)
      .map((f) => readAck(f.replace("\x0b", "")).controlId);
    expect(ids).toEqual([a, b]);
  });
});
