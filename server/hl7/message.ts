import { Hl7Context, Hl7Message, Hl7Segment } from "@medplum/core";

/** The MSH fields the ACK and the message store need (MSH-3..12). */
export interface Hl7Header {
  sendingApp: string;
  sendingFacility: string;
  receivingApp: string;
  receivingFacility: string;
  controlId: string;
  /** MSH-9 message code and trigger event, e.g. `ADT` and `A03`. */
  messageCode: string;
  event: string;
  processingId: string;
  version: string;
}

/** HL7 table 0357 codes used in ERR-3. */
export type Hl7ErrorCode = "100" | "101" | "102" | "103" | "200" | "201" | "202" | "203" | "207";

export type ParsedHl7 =
  | { ok: true; message: Hl7Message; header: Hl7Header }
  | { ok: false; reason: string; error: Hl7ErrorCode; header: Hl7Header | null };

const utf8 = new TextDecoder("utf-8", { fatal: true });
const latin1 = new TextDecoder("latin1");

/**
 * Bytes -> parsed message with @medplum/core's parser. The character set follows MSH-18
 * (UTF-8 unless it names ISO 8859-1); bytes that are not valid in it are refused rather than
 * silently turned into replacement characters inside a name or a phone number.
 */
export function parseHl7(raw: Uint8Array): ParsedHl7 {
  // MSH is plain ASCII in any charset, so Latin-1 always reads the header.
  const loose = latin1.decode(raw).replace(/^[\r\n\s]+/, "");
  const header = readHeader(loose);
  if (!loose.startsWith("MSH") || loose.length < 8) {
    return {
      ok: false,
      reason: "The message does not start with an MSH segment",
      error: "100",
      header: null,
    };
  }
  let text: string;
  if (/8859\/1|ISO-?8859-?1/i.test(mshField(loose, 18))) text = loose;
  else {
    try {
      text = utf8.decode(raw).replace(/^[\r\n\s]+/, "");
    } catch {
      return { ok: false, reason: "The message is not valid UTF-8 (MSH-18)", error: "102", header };
    }
  }
  const message = Hl7Message.parse(text);
  if (!header?.controlId) {
    return { ok: false, reason: "MSH-10 message control id is missing", error: "101", header };
  }
  return { ok: true, message, header };
}

function mshField(text: string, n: number): string {
  const sep = text.charAt(3);
  const first = text.split(/[\r\n]/, 1)[0] ?? "";
  // MSH-1 is the separator itself, so MSH-n is the n-th piece after splitting on it.
  return first.split(sep)[n - 1] ?? "";
}

function readHeader(text: string): Hl7Header | null {
  if (!text.startsWith("MSH")) return null;
  const comp = text.charAt(4) || "^";
  const part = (n: number) => mshField(text, n).split(comp);
  return {
    sendingApp: part(3)[0] ?? "",
    sendingFacility: part(4)[0] ?? "",
    receivingApp: part(5)[0] ?? "",
    receivingFacility: part(6)[0] ?? "",
    controlId: mshField(text, 10).trim().slice(0, 64),
    messageCode: part(9)[0] ?? "",
    event: part(9)[1] ?? "",
    processingId: part(11)[0] ?? "",
    version: part(12)[0] ?? "",
  };
}

export interface AckDecision {
  code: "AA" | "AE" | "AR";
  /** Said in MSA-3 and ERR-8; never PHI. */
  reason?: string;
  error?: Hl7ErrorCode;
}

let ackSequence = 0;

/** Builds the ACK (sender and receiver swapped, MSA echoing MSH-10, ERR when refused). */
export function buildAck(header: Hl7Header | null, decision: AckDecision, at = new Date()): string {
  const ctx = new Hl7Context();
  const clean = (s: string) => s.replace(/[|^~\\&\r\n]/g, " ").slice(0, 200);
  const event = header?.event ? `ACK^${clean(header.event)}^ACK` : "ACK";
  const segments = [
    new Hl7Segment(
      [
        "MSH",
        ctx.getMsh2(),
        clean(header?.receivingApp || "SEQUORA"),
        clean(header?.receivingFacility || "SEQUORA"),
        clean(header?.sendingApp ?? ""),
        clean(header?.sendingFacility ?? ""),
        hl7Timestamp(at),
        "",
        event,
        `SQ${at.getTime()}${(ackSequence++ % 1000).toString().padStart(3, "0")}`,
        clean(header?.processingId || "P"),
        clean(header?.version || "2.5.1"),
      ],
      ctx,
    ),
    new Hl7Segment(["MSA", decision.code, clean(header?.controlId ?? ""), clean(decision.reason ?? "")], ctx),
  ];
  if (decision.code !== "AA") {
    const code = decision.error ?? "207";
    segments.push(
      new Hl7Segment(
        [
          "ERR",
          "",
          "",
          `${code}^${clean(decision.reason ?? "")}^HL70357`,
          "E",
          "",
          "",
          "",
          clean(decision.reason ?? ""),
        ],
        ctx,
      ),
    );
  }
  return new Hl7Message(segments, ctx).toString();
}

function hl7Timestamp(d: Date): string {
  return d
    .toISOString()
    .replace(/[-:T]/g, "")
    .replace(/\.\d+Z$/, "+0000");
}
