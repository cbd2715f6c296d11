import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../../../test/db.js";
import { adtMessage, newControlId } from "../../../test/fake-ehr/adt-messages.js";
import { readAck } from "../../../test/fake-ehr/mllp-sender.js";
import { jobs } from "../../jobs/index.js";
import { drainAdtFeed } from "./feed-queue.js";
import { httpFeedRoute } from "./mllp-feed.js";

const TOKEN = "riverside-token-0123456789abcdef";

describe("hospital ADT feed over HTTPS POST", () => {
  let t: TestDatabase;
  let server: http.Server;
  let url: string;
  beforeAll(async () => {
    t = await createTestDatabase();
    const route = httpFeedRoute({ db: t.db, jobs, hospitalName: "Test" }, `riverside:${TOKEN}`);
    server = http.createServer((req, res) => {
      void route?.(req, res).then((handled) => {
        if (!handled) res.writeHead(404).end();
      });
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hl7/v2`;
  });
  afterAll(async () => {
    await new Promise((r) => server?.close(r));
    await t?.drop();
  });

  const post = (body: string | Buffer, headers: Record<string, string> = {}) =>
    fetch(url, {
      method: "POST",
      headers: { "content-type": "x-application/hl7-v2+er7", authorization: `Bearer ${TOKEN}`, ...headers },
      body: typeof body === "string" ? body : new Uint8Array(body),
    });

  it("answers a message with its ACK, stores it once, and a resend gets the same ACK", async () => {
    const controlId = newControlId();
    const message = adtMessage({ event: "A08", mrn: "HTTP-1", controlId });
    const res = await post(message);
    expect(res.status).toBe(200);
    const ack = await res.text();
    expect(readAck(ack)).toMatchObject({ code: "AA", controlId });
    expect(readAck(await (await post(message)).text())).toEqual(readAck(ack));
    // AA says the message is stored (HL7 accept acknowledgment); acting on it follows.
    await drainAdtFeed();
    expect(await t.db.hospitalMessage.findMany({ where: { controlId } })).toMatchObject([
      { transport: "HTTPS", result: "IGNORED" },
    ]);
  });

  it("refuses an unknown token (401) and another content type (415) without storing", async () => {
    const before = await t.db.hospitalMessage.count();
    expect(
      (await post(adtMessage({ event: "A08", mrn: "HTTP-2" }), { authorization: "Bearer nope" })).status,
    ).toBe(401);
    expect(
      (await post(adtMessage({ event: "A08", mrn: "HTTP-2" }), { "content-type": "text/plain" })).status,
    ).toBe(415);
    expect(await t.db.hospitalMessage.count()).toBe(before);
  });

  it("a bad message is a 200 with AR/AE and the reason, never a 5xx", async () => {
    const bytes = Buffer.concat([
      Buffer.from(adtMessage({ event: "A03", mrn: "HTTP-3" })),
      Buffer.from([0xff]),
    ]);
    const res = await post(bytes);
    expect(res.status).toBe(200);
    expect(readAck(await res.text())).toMatchObject({ code: "AR" });
  });
});
