import { z } from "zod";
import type { Db, PhoneStatus, Tx } from "../db/client.js";
import { MessageDirection, MessageStatus } from "../db/client.js";
import type { SmsConfig } from "./config.js";
import { classifyErrorCode } from "./errors.js";
import { insertOutbound, outboundSelect, type Recipient, type Row, readRecipient } from "./message-store.js";
import type { SmsPurpose, SuppressReason } from "./policy.js";
import { claimAtStore, deliver, sendClaimed } from "./send-attempt.js";
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
      if (stored.claimed) return sendClaimed(db, transport, stored.row, stored.claimed.to);
      return resume(db, transport, stored.row, stored.created, input.purpose);
    },
  };
}

type ParsedInput = z.output<typeof sendInputSchema> & { template: TemplateName };
type Stored = { row: Row; created: boolean; claimed?: { to: string } };

// Written before anything is sent: the unique idempotency key is what makes re-execution safe. A
// first send reads the recipient (one statement), renders, and stores the row already claimed for
// sending when the rules allow it at once (`claimAtStore`); a re-execution (rare) finds its row by
// the key. So a first send that goes out is three statements: this read, the insert, and the
// provider's answer recorded.
async function storeOutbound(db: Db, config: SmsConfig, input: ParsedInput): Promise<Stored> {
  const recipient = await readRecipient(db, input.patientId, input.episodeId ?? null);
  if (!recipient) throw new SmsInputError("patient not found");
  const body = renderBody(config, input, recipient);
  const claim = claimAtStore(recipient, input.purpose, input.template);
  const row = await insertOutbound(
    db,
    {
      patientId: input.patientId,
      episodeId: input.episodeId ?? null,
      checkInId: input.checkInId ?? null,
      template: input.template,
      body,
      idempotencyKey: input.idempotencyKey,
    },
    claim ? recipient : null,
  );
  if (row)
    return {
      row,
      created: true,
      ...(row.status === MessageStatus.SENDING ? { claimed: { to: recipient.phone } } : {}),
    };
  const existing = await db.message.findUniqueOrThrow({
    where: { idempotencyKey: input.idempotencyKey },
    select: outboundSelect,
  });
  return { row: checkOwner(existing, input), created: false };
}

function checkOwner(row: Row, input: ParsedInput): Row {
  if (row.patientId !== input.patientId || row.direction !== MessageDirection.OUTBOUND) {
    throw new SmsInputError("idempotency key already used for another message");
  }
  return row;
}

function renderBody(config: SmsConfig, input: ParsedInput, recipient: Recipient): string {
  if (input.template === "checkin.question") {
    if (!input.text) throw new SmsInputError('template "checkin.question" needs a vetted `text`');
    return input.text;
  }
  if (input.text) throw new SmsInputError("`text` is only accepted for checkin.question");
  const common = {
    firstName: recipient.firstName,
    hospitalName: recipient.hospitalName ?? config.hospitalName,
    programName: config.programName,
    programPhone: config.programPhone,
  };
  return renderTemplateChecked(
    input.template,
    recipient.preferredLanguage,
    common,
    input.vars,
    recipient.timeZone,
  );
}

/** Picks up a row not claimed at store wherever it is (new and PENDING, or a previous execution's). */
async function resume(
  db: Db,
  transport: SmsTransport,
  row: Row,
  created: boolean,
  purpose: SmsPurpose,
): Promise<SendResult> {
  const replayed = !created;
  switch (row.status) {
    case MessageStatus.PENDING:
      return deliver(db, transport, row, purpose);
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
