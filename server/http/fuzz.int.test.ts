import fc from "fast-check";
import twilio from "twilio";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { arbitraryFor, HOSTILE_STRINGS, type JsonSchema } from "../../test/fuzz/json-schema-arbitrary.js";
import { type HttpKit, startHttpKit } from "../../test/http-kit.js";
import { appRouter } from "../routers/app-router.js";
import { receivePatientMessage } from "../services/inbound/index.js";
import { createSmsService } from "../sms/send.js";
import { type SmsHarness, startSmsHarness } from "../sms/test-fixtures.js";
import { SMS_WEBHOOK_PATH, STATUS_WEBHOOK_PATH } from "../sms/transport.js";
import { createTwilioWebhookHandlers } from "../sms/webhooks.js";

// Property-based fuzzing of every tRPC procedure (inputs generated from its zod schema, plus
// hostile values) and of the Twilio webhooks, against the real HTTP server, the real database
// and the real run engine. Any 5xx fails. Bounded: FUZZ_RUNS inputs per procedure (default 25).
const RUNS = Number(process.env.FUZZ_RUNS ?? 25);
const SEED = Number(process.env.FUZZ_SEED ?? 20261203);
// Skipped: signOut would end the fuzzing session; clock.advance moves the engine's time by up to
// a month per call (covered by its own tests and the role matrix).
const SKIP = new Set(["auth.signOut", "clock.advance"]);

interface ProcedureDef {
  _def: { type: "query" | "mutation"; inputs: z.ZodType[] };
}
const procedures = (appRouter._def as unknown as { procedures: Record<string, ProcedureDef> }).procedures;

function schemaOf(p: ProcedureDef): JsonSchema | null {
  const input = p._def.inputs[0];
  if (!input) return null;
  return z.toJSONSchema(input, { io: "input", unrepresentable: "any" }) as JsonSchema;
}

describe("fuzz: no input gets a 5xx", () => {
  let k: HttpKit;
  let sms: SmsHarness;
  let cookie: string;
  let ids: string[];
  const failures: string[] = [];
  let sent = 0;
  const byStatus = new Map<number, number>();
  const record = (what: string, status: number, input: unknown) => {
    sent++;
    byStatus.set(status, (byStatus.get(status) ?? 0) + 1);
    if (status >= 500) failures.push(`${status} ${what} ${JSON.stringify(input)?.slice(0, 300)}`);
  };

  beforeAll(async () => {
    sms = await startSmsHarness();
    k = await startHttpKit({
      engine: true,
      routes: (t) => {
        const inbound = {
          db: t.db,
          config: sms.config,
          sms: createSmsService({ db: t.db, config: sms.config }),
          jobs: { routeInbound: async () => {} },
        };
        const hooks = createTwilioWebhookHandlers({
          db: t.db,
          config: sms.config,
          onMessage: (m) => receivePatientMessage(inbound, m),
          onPhoneUnusable: () => {},
        });
        return [
          async (req, res) => {
            const path = (req.url ?? "").split("?")[0];
            if (req.method !== "POST") return false;
            if (path === SMS_WEBHOOK_PATH) await hooks.sms(req, res);
            else if (path === STATUS_WEBHOOK_PATH) await hooks.status(req, res);
            else return false;
            return true;
          },
        ];
      },
    });
    cookie = await k.signIn("alex.admin@sequora.test");
    const db = k.t.db;
    const rows = await Promise.all([
      db.escalationTask.findMany({ select: { id: true }, take: 5 }),
      db.patient.findMany({ select: { id: true }, take: 5 }),
      db.episode.findMany({ select: { id: true }, take: 5 }),
      db.user.findMany({ where: { role: { not: "ADMIN" } }, select: { id: true } }),
    ]);
    ids = rows.flat().map((r) => r.id);
  }, 120_000);
  afterAll(async () => {
    await k?.stop();
    await sms?.close();
  });

  it("every procedure answers generated and hostile inputs with 2xx or a typed 4xx", async () => {
    const paths = Object.keys(procedures).filter((p) => !SKIP.has(p));
    for (const [i, path] of paths.entries()) {
      const proc = procedures[path]!;
      const inputs = fc.sample(arbitraryFor(schemaOf(proc), ids), { numRuns: RUNS, seed: SEED + i });
      for (const input of inputs) {
        const method = proc._def.type === "query" ? "GET" : "POST";
        const r = await k.trpc(path, input, { cookie, method });
        record(path, r.status, input);
      }
    }
  }, 600_000);

  it("the webhooks answer forged, malformed and hostile posts with 2xx or 4xx", async () => {
    const phones = (await k.t.db.patient.findMany({ select: { phone: true }, take: 5 })).map((p) => p.phone);
    const text = fc.oneof(fc.constantFrom(...HOSTILE_STRINGS), fc.string({ maxLength: 200 }));
    const form = fc.record({
      MessageSid: fc.oneof(fc.stringMatching(/^SM[0-9a-f]{32}$/), text),
      From: fc.oneof(fc.constantFrom(...phones), text),
      Body: fc.oneof(fc.constantFrom("STOP", "START", "HELP", "yes", "185 lbs", "chest pain"), text),
      MessageStatus: fc.oneof(fc.constantFrom("delivered", "failed", "undelivered", "sent"), text),
      ErrorCode: fc.oneof(fc.constantFrom("30003", "30005", "21610"), text),
    });
    const cases = fc.sample(
      fc.tuple(fc.constantFrom(SMS_WEBHOOK_PATH, STATUS_WEBHOOK_PATH), form, fc.boolean(), fc.nat(9)),
      { numRuns: RUNS * 8, seed: SEED },
    );
    for (const [path, params, signed, drop] of cases) {
      const entries = Object.entries(params).filter((_, idx) => idx !== drop);
      const body = new URLSearchParams(entries).toString();
      const url = `${sms.config.publicBaseUrl}${path}`;
      const signature = signed
        ? twilio.getExpectedTwilioSignature(sms.config.authToken, url, Object.fromEntries(entries))
        : "forged";
      const res = await fetch(`${k.base}${path}`, {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded", "x-twilio-signature": signature },
        body,
      });
      await res.arrayBuffer();
      record(`webhook ${path}`, res.status, params);
    }
  }, 300_000);

  it("raw requests with broken framing get a 4xx", async () => {
    const raw: [string, RequestInit][] = [
      ["/trpc/task.list?input=%7Bnot-json", { headers: { cookie } }],
      ["/trpc/task.claim", { method: "POST", headers: { cookie, "x-sequora-csrf": "1" }, body: "{{{" }],
      ["/trpc/nope.nothing", { headers: { cookie } }],
      ["/trpc/%00", { headers: { cookie } }],
      ["/trpc/task.list,task.list?batch=1&input=[]", { headers: { cookie } }],
      ["/trpc/task.claim", { method: "POST", headers: { cookie, "x-sequora-csrf": "1", origin: "null" } }],
      ["/trpc/task.claim", { method: "POST", headers: { cookie, "x-sequora-csrf": "1", origin: "%%" } }],
      ["/%C0%AF", {}],
      ["/events", { method: "GET" }],
      ["/webhooks/twilio/sms", { method: "POST", body: "x".repeat(100_000) }],
    ];
    for (const [path, init] of raw) {
      const res = await fetch(`${k.base}${path}`, init);
      await res.arrayBuffer();
      record(`raw ${path}`, res.status, init.body ?? null);
    }
    console.log(
      `fuzz: ${sent} inputs sent, ${failures.length} answered 5xx (FUZZ_RUNS=${RUNS}, seed ${SEED})`,
    );
    expect(failures).toEqual([]);
  }, 60_000);
});
