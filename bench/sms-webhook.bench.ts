// Inbound Twilio webhook under a steady 100 requests/s: signed requests over loopback HTTP to the
// real handler on a fresh database, counting stored rows against requests sent (nothing may be lost).
import { once } from "node:events";
import { loadavg } from "node:os";
import { Worker } from "node:worker_threads";
import twilio from "twilio";
import { createDb } from "../server/db/client.js";
import { startEmbeddedPostgres } from "../server/db/embedded-postgres.js";
import { migrate } from "../server/db/migrate.js";
import { markInboundProcessed, receivePatientMessage } from "../server/services/inbound/index.js";
import { createSmsService } from "../server/sms/send.js";
import { createPatient, startSmsHarness } from "../server/sms/test-fixtures.js";
import { SMS_WEBHOOK_PATH } from "../server/sms/transport.js";
import { createTwilioWebhookHandlers } from "../server/sms/webhooks.js";
import { newSid } from "../test/fake-twilio/wire.js";
import { freshDatabase, percentile } from "./engine-peers/measure.js";
import type { BenchResult } from "./types.js";

const DB_NAME = "sequora_bench_sms";
const RATE = 100;
const PATIENTS = 50;
const WARMUP = 50;
const BODIES = ["2", "feeling ok today", "185 lbs", "no", "a bit tired but fine", "si"];

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface LoadResult {
  latencies: number[];
  failed: number;
  elapsedMs: number;
}

// Open loop: request i leaves at start + i/rate whatever happened to earlier ones, so a slow
// server shows up as latency instead of quietly lowering the offered rate.
const LOAD_GENERATOR = `
const { parentPort, workerData } = require("node:worker_threads");
const { target, rate, requests, warmup } = workerData;
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const post = ({ body, signature }) =>
  fetch(target, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded", "x-twilio-signature": signature },
    body,
  });
(async () => {
  // Warm-up (connections, JIT) is sent one by one and not measured.
  for (const r of warmup) await (await post(r)).text();
  const latencies = [];
  let failed = 0;
  const inflight = [];
  const start = performance.now();
  for (let i = 0; i < requests.length; i++) {
    const wait = start + (i * 1000) / rate - performance.now();
    if (wait > 1) await sleep(wait);
    const t0 = performance.now();
    inflight.push(
      post(requests[i])
        .then(async (res) => {
          await res.text();
          if (res.status !== 200) failed++;
          latencies.push(performance.now() - t0);
        })
        .catch(() => { failed++; }),
    );
  }
  await Promise.all(inflight);
  parentPort.postMessage({ latencies, failed, elapsedMs: performance.now() - start });
})();
`;

export async function run(): Promise<BenchResult[]> {
  const seconds = process.env.BENCH_QUICK === "1" ? 10 : 60;
  // Port 54360 by default; BENCH_SMS_PG_PORT moves it when another local cluster already holds it.
  const port = Number(process.env.BENCH_SMS_PG_PORT ?? "54360");
  // Durable like the product's own cluster (not `throwaway`): this measures what a patient's reply costs.
  const pgHandle = await startEmbeddedPostgres({ dataDir: ".data/pg-bench-sms", port });
  const url = await freshDatabase(pgHandle.adminUrl, DB_NAME);
  await migrate(url);
  const db = createDb(url, { max: 10 });
  const h = await startSmsHarness();
  const inbound = {
    db,
    config: h.config,
    sms: createSmsService({ db, config: h.config }),
    jobs: { routeInbound: (id: string) => markInboundProcessed(db, id) },
  };
  try {
    h.mount(
      createTwilioWebhookHandlers({
        db,
        config: h.config,
        onMessage: (m) => receivePatientMessage(inbound, m),
      }),
    );
    const phones: string[] = [];
    for (let i = 0; i < PATIENTS; i++)
      phones.push((await createPatient(db, { consentStatus: "GRANTED" })).patient.phone);
    const target = `${h.publicBaseUrl}${SMS_WEBHOOK_PATH}`;
    const total = seconds * RATE;
    // Signed up front with the SDK's helper, then fired from a worker thread: the load generator
    // gets its own core instead of competing with the server's event loop.
    const signed = Array.from({ length: total + WARMUP }, (_, i) => {
      const params = {
        AccountSid: h.fake.accountSid,
        Body: BODIES[i % BODIES.length] ?? "ok",
        From: phones[i % phones.length] ?? "",
        MessageSid: newSid(),
        To: h.config.from,
      };
      const signature = twilio.getExpectedTwilioSignature(h.fake.authToken, target, params);
      return { body: new URLSearchParams(params).toString(), signature };
    });
    const workerData = {
      target,
      rate: RATE,
      warmup: signed.slice(0, WARMUP),
      requests: signed.slice(WARMUP),
    };
    const worker = new Worker(LOAD_GENERATOR, { eval: true, workerData });
    const [result] = (await once(worker, "message")) as [LoadResult];
    await worker.terminate();
    const { latencies, failed, elapsedMs } = result;
    const elapsed = elapsedMs / 1000;
    await sleep(500); // let the last onInbound dispatches settle before counting
    const stored = await db.message.count({ where: { direction: "INBOUND" } });
    const unprocessed = await db.message.count({ where: { direction: "INBOUND", processedAt: null } });
    latencies.sort((a, b) => a - b);
    const p50 = percentile(latencies, 50);
    const p90 = percentile(latencies, 90);
    const p99 = percentile(latencies, 99);
    const lost = total + WARMUP - stored;
    const group = "sms-webhook";
    return [
      {
        group,
        name: `inbound p50 @ ${RATE} req/s for ${seconds}s`,
        value: round(p50),
        unit: "ms",
        goal: "< 25",
        ok: p50 < 25,
      },
      { group, name: `inbound p90 @ ${RATE} req/s for ${seconds}s`, value: round(p90), unit: "ms" },
      {
        group,
        name: `inbound p99 @ ${RATE} req/s for ${seconds}s`,
        value: round(p99),
        unit: "ms",
        goal: "< 150",
        ok: p99 < 150,
      },
      { group, name: "requests sent", value: total, unit: "req" },
      // Context for the latency figures: on a shared 2-core machine other work inflates the tail.
      { group, name: "host load average (1 min) at end", value: round(loadavg()[0] ?? 0), unit: "" },
      { group, name: "achieved rate", value: round(total / elapsed), unit: "req/s" },
      {
        group,
        name: "non-200 or failed requests",
        value: failed,
        unit: "req",
        goal: "= 0",
        ok: failed === 0,
      },
      { group, name: "lost (sent - stored rows)", value: lost, unit: "msg", goal: "= 0", ok: lost === 0 },
      {
        group,
        name: "stored but never processed",
        value: unprocessed,
        unit: "msg",
        goal: "= 0",
        ok: unprocessed === 0,
      },
    ];
  } finally {
    await h.close();
    await db.$disconnect();
    await pgHandle.stop();
  }
}

function round(n: number): number {
  return Math.round(n * 10) / 10;
}
