import twilio from "twilio";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTwilioClient } from "../../server/sms/twilio-transport.js";
import { type FakeTwilio, startFakeTwilio } from "./server.js";

let fake: FakeTwilio;
let client: twilio.Twilio;

beforeAll(async () => {
  fake = await startFakeTwilio();
  client = createTwilioClient({
    mode: "connected",
    accountSid: fake.accountSid,
    authToken: fake.authToken,
    from: "+15550009999",
    apiBaseUrl: fake.baseUrl,
    requestTimeoutMs: 2_000,
    programName: "p",
    programPhone: "1",
    hospitalName: "h",
    publicBaseUrl: "https://care.example.org",
  });
});
afterAll(async () => {
  await fake?.close();
});

describe("fake Twilio REST API, driven by the real SDK", () => {
  it("creates, fetches and lists messages in Twilio's wire format", async () => {
    const a = await client.messages.create({ to: "+15550000001", from: "+15550009999", body: "one" });
    const b = await client.messages.create({ to: "+15550000002", from: "+15550009999", body: "two" });
    expect(a.sid).toMatch(/^SM[0-9a-f]{32}$/);
    expect(a).toMatchObject({
      status: "queued",
      body: "one",
      to: "+15550000001",
      accountSid: fake.accountSid,
    });
    expect(a.dateCreated).toBeInstanceOf(Date);
    expect((await client.messages(b.sid).fetch()).body).toBe("two");
    const toA = await client.messages.list({ to: "+15550000001" });
    expect(toA.map((m) => m.sid)).toEqual([a.sid]);
    const fromUs = await client.messages.list({ from: "+15550009999" });
    expect(fromUs.map((m) => m.sid)).toEqual([b.sid, a.sid]);
  });

  it("filters by DateSent", async () => {
    const m = await client.messages.create({ to: "+15550000003", from: "+15550009999", body: "three" });
    const future = new Date(Date.now() + 86_400_000);
    expect(await client.messages.list({ to: "+15550000003", dateSentAfter: future })).toEqual([]);
    const past = new Date(Date.now() - 60_000);
    expect(
      (await client.messages.list({ to: "+15550000003", dateSentAfter: past })).map((x) => x.sid),
    ).toEqual([m.sid]);
    expect(await client.messages.list({ to: "+15550000003", dateSentBefore: past })).toEqual([]);
  });

  it("answers errors as Twilio does (RestException with code and status)", async () => {
    fake.injectFault({ kind: "error-code", code: 21610 });
    await expect(client.messages.create({ to: "+15550000004", from: "+1", body: "x" })).rejects.toMatchObject(
      {
        status: 400,
        code: 21610,
        moreInfo: "https://www.twilio.com/docs/errors/21610",
      },
    );
    fake.injectFault({ kind: "rate-limit" });
    await expect(client.messages.create({ to: "+15550000004", from: "+1", body: "x" })).rejects.toMatchObject(
      {
        status: 429,
        code: 20429,
      },
    );
    await expect(client.messages.create({ to: "not-a-number", from: "+1", body: "x" })).rejects.toMatchObject(
      {
        code: 21211,
      },
    );
    expect(fake.sentTo("+15550000004")).toEqual([]);
  });

  it("checks HTTP basic auth", async () => {
    const wrong = twilio(fake.accountSid, "wrong-token", {
      httpClient: (client as unknown as { httpClient: twilio.RequestClient }).httpClient,
    });
    await expect(wrong.messages.list({ limit: 1 })).rejects.toMatchObject({ status: 401, code: 20003 });
  });
});
