import type { Db } from "../../db/client.js";
import { type InboundDeps, type InboundResult, receivePatientMessage } from "./receive-message.js";

/** The demo's patients as the phone simulator lists them (names and numbers: callers audit the view). */
export async function listSimulatedPatients(db: Db) {
  const rows = await db.patient.findMany({
    orderBy: [{ lastName: "asc" }, { firstName: "asc" }],
    take: 500,
    select: {
      id: true,
      firstName: true,
      lastName: true,
      phone: true,
      preferredLanguage: true,
      optedOut: true,
      consentStatus: true,
    },
  });
  return rows.map((p) => ({
    id: p.id,
    displayName: `${p.firstName} ${p.lastName}`,
    phone: p.phone,
    language: p.preferredLanguage,
    optedOut: p.optedOut,
    consentStatus: p.consentStatus,
  }));
}

/**
 * A reply typed in the phone simulator, as if the patient had texted it: the same use case as a
 * Twilio webhook (stored first, keywords at once, then routed). Null when the patient is unknown.
 */
export async function receiveSimulatedReply(
  deps: InboundDeps,
  input: { patientId: string; body: string },
): Promise<InboundResult | null> {
  const patient = await deps.db.patient.findUnique({
    where: { id: input.patientId },
    select: { phone: true },
  });
  if (!patient) return null;
  return receivePatientMessage(deps, { from: patient.phone, body: input.body });
}
