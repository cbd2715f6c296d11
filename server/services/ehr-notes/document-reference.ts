import type { DocumentReference, Encounter, Patient, Reference } from "@medplum/fhirtypes";
import { issueText, validateFhirResource } from "../../fhir/index.js";
import type { EhrDestination } from "./config.js";
import { PermanentNoteError, RetryableNoteError } from "./errors.js";
import type { IntakeRefs } from "./intake-refs.js";
import { accessToken, dropToken, request } from "./smart-token.js";

type FhirDestination = Extract<EhrDestination, { kind: "FHIR" }>;

/** The note as a DocumentReference: LOINC 34746-8 nurse note, text/plain attachment, our id as identifier. */
export function noteDocument(
  note: { id: string; text: string; at: Date; title: string; author: string },
  refs: IntakeRefs,
  noteIdSystem: string,
): DocumentReference {
  const subject: Reference<Patient> = refs.patientFhirId
    ? { reference: `Patient/${refs.patientFhirId}` }
    : { identifier: { ...(refs.mrnSystem ? { system: refs.mrnSystem } : {}), value: refs.mrn } };
  const encounter: Reference<Encounter> | null = refs.encounterFhirId
    ? { reference: `Encounter/${refs.encounterFhirId}` }
    : refs.visit
      ? {
          identifier: {
            ...(refs.visit.system ? { system: refs.visit.system } : {}),
            value: refs.visit.value,
          },
        }
      : null;
  return {
    resourceType: "DocumentReference",
    identifier: [{ system: noteIdSystem, value: note.id }],
    status: "current",
    docStatus: "final",
    type: { coding: [{ system: "http://loinc.org", code: "34746-8", display: "Nurse Note" }] },
    category: [
      {
        coding: [
          {
            system: "http://hl7.org/fhir/us/core/CodeSystem/us-core-documentreference-category",
            code: "clinical-note",
          },
        ],
      },
    ],
    subject,
    date: note.at.toISOString(),
    author: [{ display: note.author }],
    description: note.title,
    content: [
      {
        attachment: {
          contentType: "text/plain; charset=utf-8",
          data: Buffer.from(note.text, "utf8").toString("base64"),
          title: note.title,
          creation: note.at.toISOString(),
        },
      },
    ],
    ...(encounter ? { context: { encounter: [encounter] } } : {}),
  };
}

/**
 * Files the document once: a conditional create (`If-None-Exist: identifier=<system>|<note id>`),
 * so a retry after a lost response finds the first copy instead of making a second. Returns the
 * EHR's id for it.
 */
export async function postDocument(
  dest: FhirDestination,
  doc: DocumentReference,
  timeoutMs: number,
): Promise<string> {
  const issues = validateFhirResource(doc);
  if (issues.length)
    throw new PermanentNoteError(`Note is not a valid DocumentReference: ${issueText(issues[0]!)}`);
  const id = doc.identifier?.[0];
  for (let attempt = 0; attempt < 2; attempt++) {
    const token = await accessToken(dest, timeoutMs);
    const res = await request(`${dest.baseUrl}/DocumentReference`, timeoutMs, {
      method: "POST",
      headers: {
        authorization: `Bearer ${token}`,
        "content-type": "application/fhir+json",
        accept: "application/fhir+json",
        "if-none-exist": `identifier=${id?.system}|${id?.value}`,
      },
      body: JSON.stringify(doc),
    });
    if (res.status === 401 && attempt === 0) {
      dropToken(); // revoked or expired early: one fresh token, then a real answer
      continue;
    }
    if (res.ok) return ehrIdOf(res, (await res.json().catch(() => null)) as { id?: string } | null);
    if (res.status >= 500 || res.status === 408 || res.status === 429)
      throw new RetryableNoteError(`EHR answered ${res.status}`);
    throw new PermanentNoteError(`EHR refused the note (${res.status})`);
  }
  throw new PermanentNoteError("EHR refused our access token (401)");
}

function ehrIdOf(res: Response, body: { id?: string } | null): string {
  if (body?.id) return body.id;
  // Location: <base>/DocumentReference/<id>/_history/<v>
  const match = /DocumentReference\/([^/]+)/.exec(res.headers.get("location") ?? "");
  if (match?.[1]) return match[1];
  throw new RetryableNoteError("EHR accepted the note without saying its id");
}
