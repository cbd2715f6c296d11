import { randomBytes } from "node:crypto";
import type {
  Bundle,
  BundleEntry,
  Condition,
  ContactPoint,
  Encounter,
  Parameters,
  Patient,
} from "@medplum/fhirtypes";

// FHIR R4 discharges as a hospital's FHIR server or interface engine sends them.
export interface DischargeOptions {
  mrn: string;
  bundleId?: string;
  telecom?: ContactPoint[];
  birthDate?: string;
  language?: string;
  /** Encounter.period.end; null leaves it out. */
  end?: string | null;
  status?: Encounter["status"];
  classCode?: string;
  /** hospitalization.dischargeDisposition code (NUBC "01" or HL7 "home", "hosp", ...). */
  disposition?: string;
  diagnoses?: string[];
}

export const newBundleId = () => `b-${randomBytes(6).toString("hex")}`;

function resources(
  o: DischargeOptions,
  now: Date,
): { patient: Patient; encounter: Encounter; conditions: Condition[] } {
  const patient: Patient = {
    resourceType: "Patient",
    id: `pat-${o.mrn}`,
    identifier: [
      {
        type: { coding: [{ system: "http://terminology.hl7.org/CodeSystem/v2-0203", code: "MR" }] },
        system: "urn:oid:1.2.840.114350.1.13.0.1.7.5.737384.14",
        value: o.mrn,
        assigner: { display: "RIVERSIDE" },
      },
    ],
    name: [{ use: "official", family: "Example", given: ["Pat"] }],
    birthDate: o.birthDate ?? "1950-02-14",
    telecom: o.telecom ?? [{ system: "phone", value: "(202) 555-0100", use: "mobile" }],
    communication: [
      { language: { coding: [{ system: "urn:ietf:bcp:47", code: o.language ?? "en" }] }, preferred: true },
    ],
  };
  const disposition = o.disposition ?? "01";
  const encounter: Encounter = {
    resourceType: "Encounter",
    id: `enc-${o.mrn}`,
    identifier: [{ system: "urn:riverside:visit", value: `V${o.mrn}` }],
    status: o.status ?? "finished",
    class: { system: "http://terminology.hl7.org/CodeSystem/v3-ActCode", code: o.classCode ?? "IMP" },
    subject: { reference: `Patient/pat-${o.mrn}` },
    period: {
      start: new Date(now.getTime() - 3 * 86_400_000).toISOString(),
      ...(o.end === null ? {} : { end: o.end ?? new Date(now.getTime() - 30 * 60_000).toISOString() }),
    },
    hospitalization: {
      dischargeDisposition: {
        coding: [
          /^\d+$/.test(disposition)
            ? { system: "https://www.nubc.org/CodeSystem/PatDischargeStatus", code: disposition }
            : { system: "http://terminology.hl7.org/CodeSystem/discharge-disposition", code: disposition },
        ],
      },
    },
  };
  const conditions: Condition[] = (o.diagnoses ?? []).map((code, i) => ({
    resourceType: "Condition",
    id: `cond-${o.mrn}-${i}`,
    subject: { reference: `Patient/pat-${o.mrn}` },
    encounter: { reference: `Encounter/enc-${o.mrn}` },
    code: { coding: [{ system: "http://hl7.org/fhir/sid/icd-10-cm", code }] },
  }));
  return { patient, encounter, conditions };
}

const entry = (resource: Patient | Encounter | Condition): BundleEntry => ({
  fullUrl: `urn:uuid:${resource.resourceType}-${resource.id}`,
  resource,
  request: { method: "PUT", url: `${resource.resourceType}/${resource.id}` },
});

/** A transaction Bundle: Patient, Encounter, Conditions. */
export function dischargeTransaction(o: DischargeOptions, now = new Date()): Bundle {
  const r = resources(o, now);
  return {
    resourceType: "Bundle",
    id: o.bundleId ?? newBundleId(),
    type: "transaction",
    entry: [entry(r.patient), entry(r.encounter), ...r.conditions.map(entry)],
  };
}

/**
 * An R4 Subscriptions Backport notification (full-resource payload): a `history` Bundle whose
 * first entry is the SubscriptionStatus Parameters, then the Encounter and what the topic includes.
 */
export function dischargeNotification(
  o: DischargeOptions & { type?: "event-notification" | "handshake" | "heartbeat" },
  now = new Date(),
): Bundle {
  const r = resources(o, now);
  const status: Parameters = {
    resourceType: "Parameters",
    meta: {
      profile: [
        "http://hl7.org/fhir/uv/subscriptions-backport/StructureDefinition/backport-subscription-status-r4",
      ],
    },
    parameter: [
      { name: "subscription", valueReference: { reference: "Subscription/sequora-discharges" } },
      { name: "topic", valueCanonical: "http://hl7.org/SubscriptionTopic/encounter-complete" },
      { name: "status", valueCode: "active" },
      { name: "type", valueCode: o.type ?? "event-notification" },
      { name: "events-since-subscription-start", valueString: "1" },
      {
        name: "notification-event",
        part: [
          { name: "event-number", valueString: "1" },
          { name: "focus", valueReference: { reference: `Encounter/${r.encounter.id}` } },
        ],
      },
    ],
  };
  const plain = (resource: Patient | Encounter | Condition): BundleEntry => ({
    fullUrl: `https://ehr.example/fhir/${resource.resourceType}/${resource.id}`,
    resource,
  });
  return {
    resourceType: "Bundle",
    id: o.bundleId ?? newBundleId(),
    type: "history",
    timestamp: now.toISOString(),
    entry: [
      {
        fullUrl: "urn:uuid:status",
        resource: status,
        request: { method: "GET", url: "Subscription/sequora-discharges/$status" },
        response: { status: "200" },
      },
      ...(o.type && o.type !== "event-notification"
        ? []
        : [plain(r.encounter), plain(r.patient), ...r.conditions.map(plain)]),
    ],
  };
}
