import { randomBytes } from "node:crypto";

// ADT messages as a hospital's interface engine sends them (HL7 v2.5.1, segments split by \r).
export interface AdtOptions {
  event: "A01" | "A03" | "A04" | "A08" | "A11" | "A13" | "A02";
  mrn: string;
  controlId?: string;
  facility?: string;
  /** PID-13, a whole XTN field (repetitions with ~). */
  phones?: string;
  birthDate?: string;
  language?: string;
  patientClass?: string;
  disposition?: string;
  /** PV1-45 / PV1-44 timestamp. */
  time?: string;
  diagnoses?: string[];
  nk1Phone?: string;
  extraSegments?: string[];
}

/** An HL7 timestamp `minutesAgo` before `from`, in UTC (+0000). */
export function hl7Time(from: Date, minutesAgo = 0): string {
  const d = new Date(from.getTime() - minutesAgo * 60_000);
  return `${d.toISOString().replace(/[-:T]/g, "").slice(0, 14)}+0000`;
}

export function newControlId(): string {
  return `MSG${randomBytes(6).toString("hex")}`;
}

export function adtMessage(o: AdtOptions, now = new Date()): string {
  const time = o.time ?? hl7Time(now, 30);
  const isDischarge = o.event === "A03" || o.event === "A13";
  const pv1 = Array(46).fill("");
  pv1[0] = "PV1";
  pv1[1] = "1";
  pv1[2] = o.patientClass ?? (o.event === "A04" ? "E" : "I");
  pv1[3] = "4W^401^A^RIVERSIDE";
  pv1[7] = "12345^Attending^Alice^^^Dr";
  pv1[19] = `V${o.mrn}`;
  pv1[36] = o.disposition ?? (isDischarge ? "01" : "");
  pv1[44] = isDischarge ? hl7Time(now, 3 * 24 * 60) : time;
  if (isDischarge) pv1[45] = time;
  const segments = [
    `MSH|^~\\&|EPIC|${o.facility ?? "RIVERSIDE"}|SEQUORA|SEQUORA|${hl7Time(now)}||ADT^${o.event}^ADT_${o.event === "A03" ? "A03" : "A01"}|${o.controlId ?? newControlId()}|P|2.5.1`,
    `EVN|${o.event}|${hl7Time(now)}`,
    `PID|1||${o.mrn}^^^RIVERSIDE^MR||Example^Pat^Q||${o.birthDate ?? "19500214"}|F|||1 Main St^^Springfield^IL^62701||${o.phones ?? "^PRN^CP^^1^202^5550100"}||${o.language ?? "en^English^ISO6391"}`,
    ...(o.nk1Phone ? [`NK1|1|Example^Care|MTH^Mother|1 Main St|${o.nk1Phone}`] : []),
    pv1.join("|"),
    ...(o.diagnoses ?? []).map((code, i) => `DG1|${i + 1}||${code}^Diagnosis^I10||${hl7Time(now)}|F`),
    ...(o.extraSegments ?? []),
  ];
  return segments.join("\r");
}
