import { Counter, collectDefaultMetrics, Histogram, Registry } from "prom-client";
import { recordWindow } from "./window.js";

// One registry for the process, scraped at /metrics. Labels are route templates, procedure paths,
// task ids, statuses and provider error codes: a closed set of values, never a patient's data.
export const registry = new Registry();
registry.setDefaultLabels({ app: "sequora" });
// Process memory, CPU, handles and event-loop lag (nodejs_eventloop_lag_*), from prom-client.
collectDefaultMetrics({ register: registry, eventLoopMonitoringPrecision: 20 });

const LATENCY_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

const httpRequests = new Counter({
  name: "sequora_http_requests_total",
  help: "HTTP requests by route template, method and status code.",
  labelNames: ["route", "method", "status"] as const,
  registers: [registry],
});
const httpDuration = new Histogram({
  name: "sequora_http_request_duration_seconds",
  help: "HTTP request latency by route template and method.",
  labelNames: ["route", "method"] as const,
  buckets: LATENCY_BUCKETS,
  registers: [registry],
});
const trpcCalls = new Counter({
  name: "sequora_trpc_calls_total",
  help: "tRPC procedure calls by procedure path, type and outcome (ok or the tRPC error code).",
  labelNames: ["procedure", "type", "code"] as const,
  registers: [registry],
});
const trpcDuration = new Histogram({
  name: "sequora_trpc_call_duration_seconds",
  help: "tRPC procedure latency by procedure path and type.",
  labelNames: ["procedure", "type"] as const,
  buckets: LATENCY_BUCKETS,
  registers: [registry],
});
const textsSent = new Counter({
  name: "sequora_sms_sent_total",
  help: "Patient texts handed to the SMS provider.",
  registers: [registry],
});
const textsDelivered = new Counter({
  name: "sequora_sms_delivered_total",
  help: "Patient texts the provider reported delivered.",
  registers: [registry],
});
const textsFailed = new Counter({
  name: "sequora_sms_failed_total",
  help: "Patient texts that failed, by provider error code (none when the provider gave no code).",
  labelNames: ["error_code"] as const,
  registers: [registry],
});
const textsInbound = new Counter({
  name: "sequora_sms_inbound_total",
  help: "Patient texts received (webhook or simulator).",
  registers: [registry],
});
const webhookSignatureFailures = new Counter({
  name: "sequora_sms_webhook_signature_failures_total",
  help: "Twilio webhook calls refused for a bad or missing signature, by webhook.",
  labelNames: ["webhook"] as const,
  registers: [registry],
});
const hospitalMessages = new Counter({
  name: "sequora_hospital_messages_total",
  help: "Hospital feed messages (HL7 v2 ADT) by transport and result (accepted or rejected).",
  labelNames: ["transport", "result"] as const,
  registers: [registry],
});

/** Counter increments, called by the adapters (SMS, HL7, HTTP, tRPC). Cheap and synchronous. */
export const metrics = {
  httpRequest(route: string, method: string, status: number, seconds: number): void {
    httpRequests.inc({ route, method, status: String(status) });
    httpDuration.observe({ route, method }, seconds);
    recordWindow("httpRequests");
    if (status >= 500) recordWindow("http5xx");
  },
  trpcCall(procedure: string, type: string, code: string, seconds: number): void {
    trpcCalls.inc({ procedure, type, code });
    trpcDuration.observe({ procedure, type }, seconds);
    recordWindow("trpcCalls");
    if (code === "INTERNAL_SERVER_ERROR") recordWindow("trpc5xx");
  },
  textSent(): void {
    textsSent.inc();
  },
  textDelivered(): void {
    textsDelivered.inc();
  },
  textFailed(errorCode: number | null): void {
    textsFailed.inc({ error_code: errorCode === null ? "none" : String(errorCode) });
  },
  textInbound(): void {
    textsInbound.inc();
  },
  webhookSignatureFailure(webhook: "sms" | "status"): void {
    webhookSignatureFailures.inc({ webhook });
  },
  hospitalMessage(transport: "MLLP" | "HTTPS", accepted: boolean): void {
    hospitalMessages.inc({ transport, result: accepted ? "accepted" : "rejected" });
  },
};
