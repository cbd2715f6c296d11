import type { Bundle, Encounter, Patient } from "@medplum/fhirtypes";
import type { Db } from "../../db/client.js";
import { parseHl7 } from "../../hl7/index.js";
import { repetitions } from "../hospital-feed/adt-fields.js";
import { medicalRecordNumber } from "../hospital-feed/fhir-mapping.js";

/** How the EHR knows the patient and the stay, as the hospital sent them at intake. */
export interface IntakeRefs {
  mrn: string;
  /** FHIR identifier system (FHIR intake) or HL7 assigning authority (PID-3.4); null for a hand-typed patient. */
  mrnSystem: string | null;
  firstName: string;
  lastName: string;
  /** The EHR's own Patient id (FHIR intake only). */
  patientFhirId: string | null;
  encounterFhirId: string | null;
  /** Encounter.identifier or PV1-19 visit number. */
  visit: { system: string | null; value: string } | null;
}

/**
 * Identifiers from the message that enrolled the episode (stored raw at intake), so the note lands
 * on the same patient and stay in the EHR. A patient typed in by hand has only the MRN.
 */
export async function intakeRefs(db: Db, patientId: string, episodeId: string | null): Promise<IntakeRefs> {
  const patient = await db.patient.findUniqueOrThrow({
    where: { id: patientId },
    select: { mrn: true, firstName: true, lastName: true },
  });
  const base: IntakeRefs = {
    ...patient,
    mrnSystem: null,
    patientFhirId: null,
    encounterFhirId: null,
    visit: null,
  };
  const message = episodeId
    ? await db.hospitalMessage.findFirst({
        where: { episodeId, result: "ENROLLED" },
        orderBy: { receivedAt: "desc" },
        select: { raw: true, format: true },
      })
    : null;
  if (!message) return base;
  try {
    return message.format === "FHIR" ? fromFhir(base, message.raw) : fromHl7(base, message.raw);
  } catch {
    return base; // the message enrolled the episode, so it parsed then; never fail a note on it
  }
}

function fromFhir(base: IntakeRefs, raw: Uint8Array): IntakeRefs {
  const bundle = JSON.parse(Buffer.from(raw).toString("utf8")) as Bundle;
  const resources = (bundle.entry ?? []).map((e) => e.resource);
  const encounter = resources.find((r): r is Encounter => r?.resourceType === "Encounter");
  const patient = resources.find((r): r is Patient => r?.resourceType === "Patient");
  const id = patient ? medicalRecordNumber(patient) : undefined;
  const visit = encounter?.identifier?.[0];
  return {
    ...base,
    mrnSystem: id?.value === base.mrn ? (id.system ?? null) : null,
    patientFhirId: patient?.id ?? null,
    encounterFhirId: encounter?.id ?? null,
    visit: visit?.value ? { system: visit.system ?? null, value: visit.value } : null,
  };
}

function fromHl7(base: IntakeRefs, raw: Uint8Array): IntakeRefs {
  const parsed = parseHl7(raw);
  if (!parsed.ok) return base;
  const pid = parsed.message.getSegment("PID");
  const ids = repetitions(pid?.getField(3));
  const id = ids.find((c) => c(1) === base.mrn) ?? ids[0];
  const visit = parsed.message.getSegment("PV1")?.getComponent(19, 1) ?? "";
  return {
    ...base,
    mrnSystem: id?.(4) || null,
    visit: visit ? { system: id?.(4) || null, value: visit } : null,
  };
}
