import type { OperationOutcome } from "@medplum/fhirtypes";
import { type Db, type HospitalMessageResult, isUniqueViolation } from "../../db/client.js";
import {
  type DischargeBundle,
  type FhirAnswer,
  type FhirRefusal,
  operationOutcome,
  parseBundleBody,
  readDischargeBundle,
  transactionResponse,
} from "../../fhir/index.js";
import { now } from "../../lib/clock.js";
import { logger } from "../../lib/logger.js";
import { actOnAdt, type FeedDeps } from "./act-on-adt.js";
import { mapFhirDischarge } from "./fhir-mapping.js";
import type { Outcome } from "./message-store.js";

type Result = Exclude<HospitalMessageResult, "RECEIVED">;
interface Decision {
  status: number;
  result: Result;
  reason: string;
  patientId?: string | null;
  episodeId?: string | null;
}

/**
 * Ingest one FHIR discharge Bundle from a sender: store it raw (once per sender + Bundle
 * identifier), validate it, map its Encounter to the same command an A03 becomes, act on it through
 * the same use case, record what became of it, and answer: a transaction-response Bundle, or a 4xx
 * OperationOutcome saying what is wrong. Never a 5xx for what the sender sent.
 */
export async function ingestFhirBundle(
  deps: Omit<FeedDeps, "timeZone"> & { timeZone?: string },
  bytes: Uint8Array,
  sender: string,
): Promise<FhirAnswer> {
  const feed: FeedDeps = { ...deps, timeZone: deps.timeZone ?? "America/New_York" };
  const parsed = parseBundleBody(bytes);
  const read = parsed.ok ? readDischargeBundle(parsed.bundle) : null;
  const kind = read?.ok ? read.discharge.style : "unreadable";
  const { id, stored } = await storeFhirRaw(feed.db, bytes, sender, parsed.key, `FHIR ${kind}`);
  let decision: Decision;
  if (stored && stored.result !== "FAILED") {
    decision = stored; // a resend of a message answered for good: same answer, nothing done again
  } else {
    decision = !parsed.ok
      ? refused(parsed.refusal)
      : !read?.ok
        ? refused(read!.refusal)
        : await act(feed, read.discharge, id);
    await recordFhirOutcome(feed.db, id, decision);
  }
  logger.info("hospital message", {
    format: "FHIR",
    messageId: id,
    status: decision.status,
    result: decision.result,
    duplicate: Boolean(stored),
  });
  return answer(decision, read?.ok ? read.discharge : null);
}

const refused = (r: FhirRefusal): Decision => ({ status: r.status, result: "INVALID", reason: r.reason });

async function act(feed: FeedDeps, d: DischargeBundle, messageId: string): Promise<Decision> {
  if (d.style === "notification" && d.notificationType !== "event-notification")
    return {
      status: 200,
      result: "IGNORED",
      reason: `Subscription ${d.notificationType ?? "status"} notification: nothing to do`,
    };
  const mapped = mapFhirDischarge(d, { timeZone: feed.timeZone, now: now() });
  if (!mapped.ok) return refused(mapped.refusal);
  try {
    const outcome: Outcome = await actOnAdt(feed, mapped.command, messageId);
    return {
      status: 200,
      result: outcome.result,
      reason: outcome.reason ?? outcome.ack.reason ?? outcome.result,
      ...(outcome.patientId !== undefined ? { patientId: outcome.patientId } : {}),
      ...(outcome.episodeId !== undefined ? { episodeId: outcome.episodeId } : {}),
    };
  } catch (err) {
    // Ours, not the sender's: 503 tells it to retry, and the retry is processed (result FAILED).
    logger.error("hospital message failed", { messageId, error: (err as Error).name });
    return { status: 503, result: "FAILED", reason: "Temporary failure at Sequora: resend later" };
  }
}

function answer(decision: Decision, d: DischargeBundle | null): FhirAnswer {
  if (decision.status >= 400) {
    const code = decision.status === 503 ? "transient" : decision.status === 422 ? "processing" : "structure";
    return { status: decision.status, body: operationOutcome("error", code, decision.reason) };
  }
  const outcome: OperationOutcome = operationOutcome(
    "information",
    "informational",
    `${decision.result}: ${decision.reason}`,
  );
  if (!d) return { status: 200, body: outcome };
  return { status: 200, body: transactionResponse(d.entries, Math.max(d.encounterIndex, 0), outcome) };
}

const SELECT = {
  id: true,
  result: true,
  ackCode: true,
  reason: true,
  patientId: true,
  episodeId: true,
} as const;

/** Stores the raw body first; a row already there for this sender + key is a resend. */
async function storeFhirRaw(db: Db, bytes: Uint8Array, sender: string, key: string, type: string) {
  const where = { sendingFacility: sender, controlId: key };
  try {
    const row = await db.hospitalMessage.create({
      data: {
        ...where,
        transport: "HTTPS",
        format: "FHIR",
        sendingApp: "FHIR",
        messageType: type.slice(0, 20),
        raw: new Uint8Array(bytes),
      },
      select: { id: true },
    });
    return { id: row.id, stored: null };
  } catch (err) {
    if (!isUniqueViolation(err)) throw err;
    const row = await db.hospitalMessage.findUniqueOrThrow({
      where: { sendingFacility_controlId: where },
      select: SELECT,
    });
    const status = Number(row.ackCode);
    // Not answered yet (a crash mid-way) or failed on our side: process it again.
    if (row.result === "RECEIVED" || !status) return { id: row.id, stored: null };
    const stored: Decision = {
      status,
      result: row.result,
      reason: row.reason ?? row.result,
      patientId: row.patientId,
      episodeId: row.episodeId,
    };
    return { id: row.id, stored };
  }
}

// ackCode holds the HTTP status sent (the FHIR counterpart of an HL7 ACK code).
async function recordFhirOutcome(db: Db, id: string, d: Decision): Promise<void> {
  await db.hospitalMessage.update({
    where: { id },
    data: {
      result: d.result,
      ackCode: String(d.status),
      reason: d.reason.slice(0, 500),
      attempts: { increment: 1 },
      processedAt: now(),
      ...(d.patientId !== undefined ? { patientId: d.patientId } : {}),
      ...(d.episodeId !== undefined ? { episodeId: d.episodeId } : {}),
    },
  });
}
