// Test-only helpers for server/sms integration tests and the bench (never imported by app code).
import { randomBytes, randomInt } from "node:crypto";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { type FakeTwilio, startFakeTwilio } from "../../test/fake-twilio/server.js";
import type { ConsentStatus, Db, Language, PhoneStatus } from "../db/client.js";
import { type ConnectedSmsConfig, smsConfigSchema } from "./config.js";
import { SMS_WEBHOOK_PATH, STATUS_WEBHOOK_PATH } from "./transport.js";
import type { NodeHandler } from "./webhooks.js";

export interface PatientOverrides {
  firstName?: string;
  preferredLanguage?: Language;
  timeZone?: string;
  consentStatus?: ConsentStatus;
  optedOut?: boolean;
  phoneStatus?: PhoneStatus;
}

export function randomPhone(): string {
  return `+1555${String(randomInt(0, 10_000_000)).padStart(7, "0")}`;
}

export async function createPatient(db: Db, over: PatientOverrides = {}) {
  const patient = await db.patient.create({
    data: {
      mrn: `MRN-${randomBytes(6).toString("hex")}`,
      firstName: over.firstName ?? "Maria",
      lastName: "Testcase",
      phone: randomPhone(),
      preferredLanguage: over.preferredLanguage ?? "EN",
      timeZone: over.timeZone ?? daytimeZone(),
      consentStatus: over.consentStatus ?? "GRANTED",
      optedOut: over.optedOut ?? false,
      phoneStatus: over.phoneStatus ?? "OK",
    },
  });
  const episode = await db.episode.create({
    data: {
      patientId: patient.id,
      protocol: "HF",
      protocolVersion: 1,
      hospitalName: "Riverside Hospital",
      dischargedAt: new Date(),
      closesAt: new Date(Date.now() + 30 * 86_400_000),
    },
  });
  return { patient, episode };
}

// Fixed-offset zones where it is currently mid-day / mid-night, so quiet-hour behaviour is real
// without faking the clock. Etc/GMT signs are inverted (Etc/GMT-5 is UTC+5).
function zoneForLocalHour(hour: number, at: Date): string {
  let offset = hour - at.getUTCHours();
  if (offset > 14) offset -= 24;
  if (offset < -12) offset += 24;
  if (offset === 0) return "Etc/GMT";
  return offset > 0 ? `Etc/GMT-${offset}` : `Etc/GMT+${-offset}`;
}
export const daytimeZone = (at = new Date()) => zoneForLocalHour(13, at);
export const nighttimeZone = (at = new Date()) => zoneForLocalHour(2, at);

export interface SmsHarness {
  fake: FakeTwilio;
  config: ConnectedSmsConfig;
  /** Base URL of the local webhook server (PUBLIC_BASE_URL). */
  publicBaseUrl: string;
  mount(handlers: { sms: NodeHandler; status: NodeHandler }): void;
  close(): Promise<void>;
}

/** Fake Twilio plus a real HTTP server for our webhooks, both on loopback random ports. */
export async function startSmsHarness(opts: { requestTimeoutMs?: number } = {}): Promise<SmsHarness> {
  const fake = await startFakeTwilio();
  let handlers: { sms: NodeHandler; status: NodeHandler } | null = null;
  const server: Server = createServer((req, res) => {
    const path = (req.url ?? "").split("?")[0];
    const h =
      path === SMS_WEBHOOK_PATH ? handlers?.sms : path === STATUS_WEBHOOK_PATH ? handlers?.status : undefined;
    if (!h) {
      res.writeHead(404).end();
      return;
    }
    void h(req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const publicBaseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const config = smsConfigSchema.parse({
    mode: "connected",
    programName: "Riverside Care Check-ins",
    programPhone: "1-800-555-0100",
    hospitalName: "Riverside Hospital",
    publicBaseUrl,
    accountSid: fake.accountSid,
    authToken: fake.authToken,
    from: "+15550009999",
    apiBaseUrl: fake.baseUrl,
    requestTimeoutMs: opts.requestTimeoutMs ?? 2_000,
  }) as ConnectedSmsConfig;
  return {
    fake,
    config,
    publicBaseUrl,
    mount(h) {
      handlers = h;
    },
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await fake.close();
    },
  };
}
