import type { Hl7Message, Hl7Segment } from "@medplum/core";
import type { Language, Protocol } from "../../db/client.js";
import type { Hl7ErrorCode } from "../../hl7/index.js";
import {
  choosePhone,
  languageOf,
  type PhoneChoice,
  parseHl7Time,
  repetitions,
  unescapeHl7,
} from "./adt-fields.js";
import {
  dispositionReason,
  type NotEnrolledReason,
  normaliseCode,
  protocolForCodes,
} from "./clinical-codes.js";

export interface PatientFacts {
  mrn: string;
  /** PID-3.4 assigning authority (e.g. the hospital's MR system). */
  mrnAuthority: string;
  firstName: string;
  lastName: string;
  birthDate: Date | null;
  language: Language | null;
  phone: PhoneChoice;
}

export type AdtCommand =
  | {
      kind: "DISCHARGE";
      patient: PatientFacts;
      dischargedAt: Date;
      patientClass: string;
      protocol: Protocol;
      /** The number to text: the patient's mobile, or a caregiver's for a minor. */
      textTo: string | null;
      notEnrolled: NotEnrolledReason | null;
      disposition: string;
    }
  | { kind: "UPDATE"; patient: PatientFacts }
  | { kind: "CANCEL"; event: "A11" | "A13"; patient: PatientFacts }
  | { kind: "RETURN"; returnKind: "READMISSION" | "ED_RETURN"; patient: PatientFacts; occurredAt: Date }
  | { kind: "IGNORE"; reason: string };

export type MapResult =
  | { ok: true; command: AdtCommand }
  | { ok: false; code: "AE" | "AR"; error: Hl7ErrorCode; reason: string };

const MRN = /^[A-Za-z0-9-]{3,32}$/;
const YEAR = 365.25 * 86_400_000;
const bad = (error: Hl7ErrorCode, reason: string, code: "AE" | "AR" = "AE"): MapResult => ({
  ok: false,
  code,
  error,
  reason,
});

/** One ADT message -> what Sequora should do about it, or why it cannot be read. Pure. */
export function mapAdt(message: Hl7Message, opts: { timeZone: string; now: Date }): MapResult {
  const msh = message.header;
  const code = msh.getComponent(9, 1);
  const event = msh.getComponent(9, 2) || message.getSegment("EVN")?.getComponent(1, 1) || "";
  if (code !== "ADT")
    return bad("200", `Unsupported message type ${code || "(none)"}: only ADT is accepted`, "AR");
  if (["T", "D"].includes(msh.getComponent(11, 1)))
    return { ok: true, command: { kind: "IGNORE", reason: "Training or debug message (MSH-11)" } };
  if (!["A01", "A03", "A04", "A08", "A11", "A13"].includes(event))
    return { ok: true, command: { kind: "IGNORE", reason: `Event ${event || "(none)"} is not used` } };

  const order = checkSegmentOrder(message.segments);
  if (order) return bad("100", order);
  const pid = message.getSegment("PID");
  if (!pid) return bad("100", "PID segment is missing");
  const facts = readPatient(pid, opts.timeZone);
  if (!facts.ok) return facts.result;
  const patient = facts.patient;
  const pv1 = message.getSegment("PV1");
  const evn = message.getSegment("EVN");
  const patientClass = pv1?.getComponent(2, 1).toUpperCase() ?? "";
  const fallbackTime = evn?.getComponent(6, 1) || evn?.getComponent(2, 1) || msh.getComponent(7, 1);

  switch (event) {
    case "A08":
      return { ok: true, command: { kind: "UPDATE", patient } };
    case "A11":
    case "A13":
      return { ok: true, command: { kind: "CANCEL", event, patient } };
    case "A01":
    case "A04": {
      const at = timeOf(pv1?.getComponent(44, 1) || fallbackTime, "PV1-44 admit time", opts);
      if (!at.ok) return at.result;
      if (event === "A04" && patientClass !== "" && patientClass !== "E" && patientClass !== "I")
        return {
          ok: true,
          command: { kind: "IGNORE", reason: `Registration of class ${patientClass} is not a return` },
        };
      const returnKind = event === "A01" || patientClass === "I" ? "READMISSION" : "ED_RETURN";
      return { ok: true, command: { kind: "RETURN", returnKind, patient, occurredAt: at.date } };
    }
    default: {
      const at = timeOf(pv1?.getComponent(45, 1) || fallbackTime, "PV1-45 discharge time", opts);
      if (!at.ok) return at.result;
      const diagnoses = message.getAllSegments("DG1").map((s) => normaliseCode(s.getComponent(3, 1)));
      const procedures = message.getAllSegments("PR1").map((s) => normaliseCode(s.getComponent(3, 1)));
      const disposition = pv1?.getComponent(36, 1).trim() ?? "";
      const minor = patient.birthDate !== null && at.date.getTime() - patient.birthDate.getTime() < 18 * YEAR;
      const caregiver = message
        .getAllSegments("NK1")
        .map((nk1) => choosePhone(nk1.getField(5)).mobile ?? choosePhone(nk1.getField(6)).mobile)
        .find(Boolean);
      const textTo = minor ? (caregiver ?? null) : patient.phone.mobile;
      const notEnrolled =
        dispositionReason(disposition) ??
        (minor && !caregiver
          ? "MINOR_WITHOUT_CAREGIVER"
          : !textTo
            ? patient.phone.callable
              ? "NO_MOBILE"
              : "NO_PHONE"
            : null);
      const protocol = protocolForCodes(diagnoses, procedures);
      return {
        ok: true,
        command: {
          kind: "DISCHARGE",
          patient,
          dischargedAt: at.date,
          patientClass,
          protocol,
          textTo,
          notEnrolled,
          disposition,
        },
      };
    }
  }
}

// Real feeds add Z-segments and optional ones anywhere, but MSH, EVN, PID, PV1 keep their order
// and the patient's clinical segments follow PID: a different order means a broken message.
function checkSegmentOrder(segments: readonly Hl7Segment[]): string | null {
  const names = segments.map((s) => s.name);
  // Most engines end every segment with CR, the last one too: the parser reads an empty segment there.
  while (names.length > 1 && names.at(-1) === "") names.pop();
  if (names.some((n) => !/^[A-Z][A-Z0-9]{2}$/.test(n)))
    return "A segment name is not three letters or digits";
  if (names.indexOf("MSH") !== 0 || names.lastIndexOf("MSH") !== 0)
    return "MSH must be the first and only header";
  const pid = names.indexOf("PID");
  if (pid < 0) return null;
  const evn = names.indexOf("EVN");
  if (evn > pid) return "Segment order: EVN after PID";
  for (const after of ["PV1", "DG1", "PR1", "NK1"]) {
    const at = names.indexOf(after);
    if (at >= 0 && at < pid) return `Segment order: ${after} before PID`;
  }
  return null;
}

type Facts = { ok: true; patient: PatientFacts } | { ok: false; result: MapResult };

function readPatient(pid: Hl7Segment, timeZone: string): Facts {
  const ids = repetitions(pid.getField(3));
  const id = ids.find((c) => c(5).toUpperCase() === "MR") ?? ids[0];
  const mrn = id?.(1) ?? "";
  if (!mrn) return { ok: false, result: bad("101", "PID-3 patient identifier is missing") };
  if (!MRN.test(mrn))
    return { ok: false, result: bad("102", "PID-3 identifier is not 3-32 letters, digits or dashes") };
  const [name] = repetitions(pid.getField(5));
  const lastName = name?.(1) ?? "";
  const firstName = name?.(2) ?? "";
  if (!lastName || !firstName)
    return { ok: false, result: bad("101", "PID-5 patient name (family and given) is missing") };
  const dob = pid.getComponent(7, 1);
  const birthDate = dob ? parseHl7Time(dob, timeZone) : null;
  if (dob && !birthDate) return { ok: false, result: bad("102", "PID-7 birth date is not a valid date") };
  return {
    ok: true,
    patient: {
      mrn,
      mrnAuthority: unescapeHl7(id?.(4) ?? ""),
      firstName: firstName.slice(0, 80),
      lastName: lastName.slice(0, 80),
      birthDate,
      language: languageOf(pid.getField(15)),
      phone: choosePhone(pid.getField(13)),
    },
  };
}

type Timed = { ok: true; date: Date } | { ok: false; result: MapResult };

function timeOf(text: string | undefined, what: string, opts: { timeZone: string; now: Date }): Timed {
  if (!text) return { ok: true, date: opts.now };
  const date = parseHl7Time(text, opts.timeZone);
  return date ? { ok: true, date } : { ok: false, result: bad("102", `${what} is not a valid date`) };
}
