import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type AppHarness, eventually, startAppHarness } from "../../test/app-harness.js";
import { createHttpApp } from "../app.js";
import { loadConfig } from "../config/index.js";
import { createTwilioWebhookHandlers, loadSmsConfig } from "../sms/index.js";
import { setMetricsSources } from "./collectors.js";

const TOKEN = "metrics-token-for-the-int-test-0123456789";
// A patient nobody else has: if any of this reaches the scrape, the labels leak patient data.
const PATIENT = { firstName: "Zebulon", lastName: "Quixotefield", phone: "+12025558642", mrn: "MRN-ZQ-8642" };

describe("/metrics", () => {
  let h: AppHarness;
  let server: Server;
  let base: string;

  beforeAll(async () => {
    h = await startAppHarness();
    await h.advanceToLocalHour(10, "America/New_York");
    const config = loadConfig({ NODE_ENV: "test", DEMO_MODE: "off", METRICS_TOKEN: TOKEN });
    const smsConfig = loadSmsConfig({});
    const hooks = createTwilioWebhookHandlers({ db: h.t.db, config: smsConfig, onMessage: async () => {} });
    server = createHttpApp({
      services: { db: h.t.db, config },
      routes: [
        async (req, res) => {
          if (req.url !== "/webhooks/twilio/sms") return false;
          await hooks.sms(req, res);
          return true;
        },
      ],
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    setMetricsSources({ db: h.t.db, engine: h.engine.state });
  }, 120_000);

  afterAll(async () => {
    server?.closeAllConnections();
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
    await h?.stop();
  });

  it("answers 401 without the token and 404 when no token is set outside demo mode", async () => {
    const res = await fetch(`${base}/metrics`);
    expect(res.status).toBe(401);
    expect((await fetch(`${base}/metrics`, { headers: { authorization: "Bearer wrong" } })).status).toBe(401);
    const off = createHttpApp({
      services: { db: h.t.db, config: loadConfig({ NODE_ENV: "test", DEMO_MODE: "off" }) },
    });
    await new Promise<void>((resolve) => off.listen(0, "127.0.0.1", resolve));
    const offRes = await fetch(`http://127.0.0.1:${(off.address() as AddressInfo).port}/metrics`);
    expect(offRes.status).toBe(404);
    expect(((await offRes.json()) as { error: { requestId: string } }).error.requestId).toBe(
      offRes.headers.get("x-request-id"),
    );
    off.closeAllConnections();
    await new Promise<void>((resolve) => off.close(() => resolve()));
  });

  it("exposes the series, with route templates and no patient data", async () => {
    const nurse = await h.as("ana.nurse@sequora.test");
    const { patientId } = await nurse.episode.create({
      ...PATIENT,
      preferredLanguage: "EN",
      timeZone: "America/New_York",
      protocol: "HF",
      dischargedAt: h.engine.clock.now(),
      highRiskMedClasses: [],
    });
    await eventually("the consent text sent", () =>
      h.t.db.message.findFirst({ where: { patientId, direction: "OUTBOUND", sendAttempts: { gt: 0 } } }),
    );
    // Traffic through the real HTTP app: a page, an id-bearing path, a forged Twilio webhook.
    await fetch(`${base}/healthz`);
    await fetch(`${base}/patients/${patientId}`);
    await fetch(`${base}/trpc/auth.me`);
    const forged = await fetch(`${base}/webhooks/twilio/sms`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: `From=${encodeURIComponent(PATIENT.phone)}&Body=${PATIENT.firstName}&MessageSid=SM1`,
    });
    expect(forged.status).toBe(403);

    const res = await fetch(`${base}/metrics`, { headers: { authorization: `Bearer ${TOKEN}` } });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^text\/plain/);
    const text = await res.text();
    for (const series of [
      "sequora_http_requests_total",
      "sequora_http_request_duration_seconds_bucket",
      "sequora_trpc_calls_total",
      "sequora_trpc_call_duration_seconds_bucket",
      "sequora_engine_queue_depth",
      "sequora_engine_oldest_queued_age_seconds",
      "sequora_engine_runs_waiting",
      "sequora_engine_runs_started_last_hour",
      "sequora_engine_runs_finished_last_hour",
      "sequora_sms_sent_total",
      "sequora_sms_failed_total",
      "sequora_sms_webhook_signature_failures_total",
      "sequora_hospital_messages_total",
      "sequora_db_pool_connections",
      "sequora_db_up",
      "sequora_db_connection_hold_seconds_bucket",
      "process_resident_memory_bytes",
      "nodejs_eventloop_lag_p99_seconds",
    ]) {
      expect(text, series).toContain(`# TYPE ${series.replace(/_bucket$/, "")} `);
    }
    expect(text).toMatch(
      /sequora_http_requests_total\{route="\/\*",method="GET",status="404",app="sequora"\} \d+/,
    );
    expect(text).toMatch(/sequora_sms_sent_total\{app="sequora"\} [1-9]/);
    expect(text).toMatch(/sequora_sms_webhook_signature_failures_total\{webhook="sms",app="sequora"\} [1-9]/);
    expect(text).toMatch(
      /sequora_engine_runs_started_last_hour\{task="episode.enroll",app="sequora"\} [1-9]/,
    );
    expect(text).toContain('sequora_db_up{app="sequora"} 1');
    expect(text).toMatch(/sequora_trpc_calls_total\{procedure="episode.create",type="mutation",code="ok"/);
    // No patient data and no raw ids in any label.
    for (const secret of [
      PATIENT.firstName,
      PATIENT.lastName,
      PATIENT.mrn,
      PATIENT.phone,
      "2025558642",
      patientId,
    ]) {
      expect(text).not.toContain(secret);
    }
  });

  it("the scheduled system checks run every five minutes in the engine and write the history", async () => {
    await h.advanceBy(5 * 60_000);
    const samples = await eventually("a history bucket", async () => {
      const rows = await h.t.db.metricSample.findMany({ select: { series: true } });
      return rows.length >= 5 ? rows : null;
    });
    expect(samples.map((s) => s.series)).toEqual(
      expect.arrayContaining(["requests", "queue_depth", "memory_rss_mb"]),
    );
  });
});
