import { z } from "zod";
import type { Db, Language, PhoneStatus, Tx } from "../db/client.js";
import { MessageDirection, MessageStatus } from "../db/client.js";
import { now } from "../lib/clock.js";
import type { SmsConfig } from "./config.js";
import { classifyErrorCode } from "./errors.js";
import { isUniqueViolation, outboundSelect } from "./message-store.js";
import type { SmsPurpose, SuppressReason } from "./policy.js";
import { deliver, type GatePatient, gatePatientSelect, type Row } from "./send-attempt.js";
import {
  isRenderedTemplate,
  type RenderedTemplateName,
  renderTemplateChecked,
  type TemplateName,
  type TemplateVars,
} from "./templates.js";
import type { SmsTransport } from "./transport.js";
import { createTransport } from "./transports.js";

export const sendInputSchema = z.object({
  patientId: z.string().min(1),
  episodeId: z.string().min(1).optional(),
  checkInId: z.string().min(1).optional(),
  template: z.string().refine((t) => t === "checkin.question" || isRenderedTemplate(t), "unknown template"),
  vars: z.record(z.string(), z.unknown()).default({}),
  /** Only for "checkin.question": a question text already vetted by the triage module. */
  text: z.string().trim().min(1).max(480).optional(),
  idempotencyKey: z.string().min(1).max(200),
  purpose: z.enum(["SCHEDULED", "REPLY", "EMERGENCY", "CONSENT"]),
});
interface SendBase {
  patientId: string;
  episodeId?: string;
  checkInId?: string;
  /** Unique per side effect (e.g. `${runId}:${step}`): re-executing with it never texts twice. */
  idempotencyKey: string;
  purpose: SmsPurpose;
}
type VarsFor<T extends RenderedTemplateName> = string extends keyof TemplateVars<T>
  ? { vars?: TemplateVars<T> }
  : { vars: TemplateVars<T> };
type TemplatedSend = {
  [T in RenderedTemplateName]: SendBase & { template: T; text?: undefined } & VarsFor<T>;
}[RenderedTemplateName];
/** A check-in question whose wording comes, already vetted, from the triage module. */
type QuestionSend = SendBase & { template: "checkin.question"; text: string; vars?: undefined };
export type SendInput = TemplatedSend | QuestionSend;

export type SendResult =
  | { kind: "SENT"; messageId: string; providerSid: string | null; status: MessageStatus; replayed: boolean }
  | {
      kind: "SUPPRESSED";
      messageId: string;
      reason: SuppressReason | "PREVIOUSLY_SUPPRESSED";
      replayed: boolean;
    }
  | { kind: "DEFERRED"; messageId: string; reason: "QUIET_HOURS"; notBefore: Date }
  | { kind: "OPTED_OUT"; messageId: string; errorCode: number; replayed: boolean }
  | {
      kind: "PHONE_UNUSABLE";
      messageId: string;
      phoneStatus: PhoneStatus;
      errorCode: number;
      /** The workflow layer should open a phone-outreach task. */
      needsPhoneOutreach: true;
      replayed: boolean;
    }
  | { kind: "FAILED"; messageId: string; errorCode: number | null; replayed: boolean };

export interface SmsService {
  readonly config: SmsConfig;
  readonly transport: SmsTransport;
  send(input: SendInput): Promise<SendResult>;
}

export class SmsInputError extends Error {
  override readonly name = "SmsInputError";
}

export function createSmsService(opts: { db: Db; config: SmsConfig; transport?: SmsTransport }): SmsService {
  const { db, config } = opts;
  const transport = opts.transport ?? createTransport(config);
  return {
    config,
    transport,
    async send(raw) {
      const input = sendInputSchema.parse(raw);
      const stored = await storeOutbound(db, config, { ...input, template: input.template as TemplateName });
      return resume(db, transport, stored.row, stored.created, input.purpose, stored.seen);
    },
  };
}

type ParsedInput = z.output<typeof sendInputSchema> & { template: TemplateName };

// Written before anything is sent: the unique idempotency key is what makes re-execution safe. A
// row made here comes with the patient as its body was rendered from (`seen`, for the send rules).
// The insert comes first: a re-execution (rare) finds its row through the key's unique violation,
// so a first send reads nothing it does not need (the patient it renders for, then the insert).
async function storeOutbound(
  db: Db,
  config: SmsConfig,
  input: ParsedInput,
): Promise<{ row: Row; created: boolean; seen?: GatePatient }> {
  const { body, patient } = await renderBody(db, config, input);
  try {
    const row = await db.message.create({
      data: {
        patientId: input.patientId,
        episodeId: input.episodeId ?? null,
        checkInId: input.checkInId ?? null,
        direction: MessageDirection.OUTBOUND,
        template: input.template,
        body,
        status: MessageStatus.PENDING,
        idempotencyKey: input.idempotencyKey,
        createdAt: now(),
      },
      select: outboundSelect,
    });
    return { row, created: true, seen: patient };
  } catch (err) {
    if (!isUniqueViolation(err)) throw err;
    const existing = await db.message.findUniqueOrThrow({
      where: { idempotencyKey: input.idempotencyKey },
      select: outboundSelect,
    });
    return { row: checkOwner(existing, input), created: false };
  }
}

function checkOwner(row: Row, input: ParsedInput): Row {
  if (row.patientId !== input.patientId || row.direction !== MessageDirection.OUTBOUND) {
    throw new SmsInputError("idempotency key already used for another message");
  }
  return row;
}

async function renderBody(
  db: Tx,
  config: SmsConfig,
  input: ParsedInput,
): Promise<{ body: string; patient: GatePatient }> {
  const patient = await db.patient.findUnique({
    where: { id: input.patientId },
    select: { firstName: true, preferredLanguage: true, ...gatePatientSelect },
  });
  if (!patient) throw new SmsInputError("patient not found");
  if (input.template === "checkin.question") {
    if (!input.text) throw new SmsInputError('template "checkin.question" needs a vetted `text`');
    return { body: input.text, patient };
  }
  if (input.text) throw new SmsInputError("`text` is only accepted for checkin.question");
  const episode = await db.episode.findFirst({
    where: input.episodeId ? { id: input.episodeId } : { patientId: input.patientId },
    orderBy: { dischargedAt: "desc" },
    select: { hospitalName: true },
  });
  const common = {
    firstName: patient.firstName,
    hospitalName: episode?.hospitalName ?? config.hospitalName,
    programName: config.programName,
    programPhone: config.programPhone,
  };
  const lang: Language = patient.preferredLanguage;
  return { body: renderTemplateChecked(input.template, lang, common, input.vars, patient.timeZone), patient };
}

/** Picks up an existing row wherever a previous execution left it (`seen`: see `deliver`). */
async function resume(
  db: Db,
  transport: SmsTransport,
  row: Row,
  created: boolean,
  purpose: SmsPurpose,
  seen: GatePatient | undefined,
): Promise<SendResult> {
  const replayed = !created;
  switch (row.status) {
    case MessageStatus.PENDING:
      return deliver(db, transport, row, purpose, seen);
    case MessageStatus.SENDING:
      // SENDING with a sid is Twilio's own "sending"; without one, an attempt of ours never heard back.
      if (!row.providerSid) return deliver(db, transport, row, purpose);
      return { kind: "SENT", messageId: row.id, providerSid: row.providerSid, status: row.status, replayed };
    case MessageStatus.SUPPRESSED:
      return { kind: "SUPPRESSED", messageId: row.id, reason: "PREVIOUSLY_SUPPRESSED", replayed };
    case MessageStatus.FAILED:
    case MessageStatus.UNDELIVERED:
    case MessageStatus.CANCELED:
      return replayFailure(db, row);
    case MessageStatus.QUEUED:
    case MessageStatus.ACCEPTED:
    case MessageStatus.SCHEDULED:
    case MessageStatus.SENT:
    case MessageStatus.DELIVERED:
    case MessageStatus.READ:
      return { kind: "SENT", messageId: row.id, providerSid: row.providerSid, status: row.status, replayed };
    case MessageStatus.RECEIVED:
      throw new SmsInputError("idempotency key belongs to an inbound message");
  }
}

async function replayFailure(db: Tx, row: Row): Promise<SendResult> {
  const action = classifyErrorCode(row.errorCode);
  if (action?.action === "OPT_OUT") {
    return { kind: "OPTED_OUT", messageId: row.id, errorCode: action.errorCode, replayed: true };
  }
  if (action?.action === "PHONE_BAD") {
    const p = await db.patient.findUnique({ where: { id: row.patientId }, select: { phoneStatus: true } });
    return {
      kind: "PHONE_UNUSABLE",
      messageId: row.id,
      phoneStatus: p?.phoneStatus ?? action.phoneStatus,
      errorCode: action.errorCode,
      needsPhoneOutreach: true,
      replayed: true,
    };
  }
  return { kind: "FAILED", messageId: row.id, errorCode: row.errorCode, replayed: true };
}
