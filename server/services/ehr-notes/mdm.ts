import net from "node:net";
import { MllpFrameReader, mllpFrame } from "../../hl7/index.js";
import { RetryableNoteError } from "./errors.js";
import type { IntakeRefs } from "./intake-refs.js";

// HL7 v2 MDM^T02 (original document notification with content) for sites without FHIR writes.

const esc = (s: string) =>
  s
    .replace(/\\/g, "\\E\\")
    .replace(/\|/g, "\\F\\")
    .replace(/\^/g, "\\S\\")
    .replace(/&/g, "\\T\\")
    .replace(/~/g, "\\R\\");
const ts = (d: Date) => `${d.toISOString().replace(/[-:T]/g, "").slice(0, 14)}+0000`;

/**
 * The note as an MDM^T02. MSH-10 (control id) and TXA-12 (unique document number) are our note
 * id, so a resend after a lost ACK is recognisably the same document. One OBX (TX) per line.
 */
export function buildMdmT02(note: { id: string; text: string; at: Date }, refs: IntakeRefs): string {
  const authority = esc(refs.mrnSystem ?? "");
  const segments = [
    `MSH|^~\\&|SEQUORA|SEQUORA|EHR|HOSPITAL|${ts(note.at)}||MDM^T02^MDM_T02|${note.id}|P|2.5.1`,
    `EVN|T02|${ts(note.at)}`,
    `PID|1||${esc(refs.mrn)}^^^${authority}^MR||${esc(refs.lastName)}^${esc(refs.firstName)}`,
    `PV1|1|O|||||||||||||||||${esc(refs.visit?.value ?? "")}`,
    `TXA|1|NN^Nurse Note^HL70270|TX|${ts(note.at)}||${ts(note.at)}|||||${note.id}||||||AU||AV`,
    ...note.text.split("\n").map((line, i) => `OBX|${i + 1}|TX|34746-8^Nurse Note^LN|1|${esc(line)}||||||F`),
  ];
  return segments.join("\r");
}

/** MSA-1 of an ACK: AA/CA accepted; AE/AR/CE/CR refused (retried: the peer may recover). */
export function ackCode(ack: string): { code: string; text: string } {
  const msa = ack.split(/\r\n?|\n/).find((s) => s.startsWith("MSA"));
  const fields = (msa ?? "").split(ack.charAt(3) || "|");
  return { code: fields[1] ?? "", text: (fields[3] ?? "").slice(0, 200) };
}

/** Sends one framed message and waits for its ACK, within `timeoutMs`. */
export function sendMllp(
  dest: { host: string; port: number },
  message: string,
  timeoutMs: number,
): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(dest);
    const reader = new MllpFrameReader(1_000_000);
    let done = false;
    const finish = (err: Error | null, ack?: string) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      socket.destroy();
      if (err) reject(err);
      else resolve(ack ?? "");
    };
    const timer = setTimeout(() => finish(new RetryableNoteError("No ACK from the EHR in time")), timeoutMs);
    socket.on("connect", () => socket.write(mllpFrame(message)));
    socket.on("data", (chunk: Buffer) => {
      const [frame] = reader.push(chunk);
      if (frame) finish(null, frame.bytes.toString("utf8"));
    });
    socket.on("error", (err) =>
      finish(
        new RetryableNoteError(`MLLP connection failed (${(err as NodeJS.ErrnoException).code ?? err.name})`),
      ),
    );
    socket.on("close", () => finish(new RetryableNoteError("The EHR closed the connection before its ACK")));
  });
}
