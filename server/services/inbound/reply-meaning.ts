import { classifyKeyword, type Keyword } from "../../sms/index.js";

/**
 * What is waiting for a patient's reply when it arrives. At receipt `checkInOpen` means a check-in
 * is IN_PROGRESS (its question is out or about to go out); at routing it means the check-in's
 * waitpoint token is still WAITING, which is the truth about who may take the reply.
 */
export interface ReplyContext {
  /** Consent is PENDING, or this very message is the YES that settled it (a re-run). */
  consentPending: boolean;
  checkInOpen: boolean;
  /** A SCHEDULED appointment whose reminder went out and which a short "yes" would confirm. */
  appointmentAwaitingConfirmation: boolean;
}

/** Who reads the reply after the carrier keywords: nobody, the check-in, the appointment, a nurse. */
export type ReplyReader = "CHECK_IN" | "APPOINTMENT" | "NURSE";

export interface ReplyMeaning {
  /** The carrier keyword the whole text spells (STOP, HELP, YES...), as text only. */
  keyword: Keyword | null;
  grantsConsent: boolean;
  reader: ReplyReader | null;
}

// Short affirmative replies ("yes", "Y", "sí", "1", "confirm") answer an appointment reminder.
// Broader than the YES keyword on purpose: "1" and "C" are what the reminder asks for.
const CONFIRMATION = /^\s*(yes|y|yep|si|sí|1|c|ok|okay|confirm|confirmo|confirmar)\s*[.!]*\s*$/i;

export function isConfirmation(text: string): boolean {
  return CONFIRMATION.test(text);
}

/**
 * The one place that decides who a reply is for. Order, patient safety first:
 * 1. STOP / START / HELP are applied at once and go nowhere else (an opt-out must win over any
 *    question, and the law wants the confirmation, not a triage answer).
 * 2. A YES while consent is pending grants consent.
 * 3. A check-in question waiting takes every other reply, a YES included: "any chest pain? YES"
 *    must reach triage even when the same YES also granted consent.
 * 4. A YES that granted consent and has no question waiting answers nothing else (it must not
 *    confirm an appointment nor open a nurse task).
 * 5. A short "yes"/"1" confirms an appointment awaiting confirmation.
 * 6. Everything else is free text for the nurse rules (emergency words, acknowledgement, task).
 */
export function replyMeaning(body: string, ctx: ReplyContext): ReplyMeaning {
  const keyword = classifyKeyword(body);
  if (keyword === "OPT_OUT" || keyword === "OPT_IN" || keyword === "HELP") {
    return { keyword, grantsConsent: false, reader: null };
  }
  const grantsConsent = keyword === "YES" && ctx.consentPending;
  if (ctx.checkInOpen) return { keyword, grantsConsent, reader: "CHECK_IN" };
  if (grantsConsent) return { keyword, grantsConsent, reader: null };
  if (ctx.appointmentAwaitingConfirmation && isConfirmation(body)) {
    return { keyword, grantsConsent, reader: "APPOINTMENT" };
  }
  return { keyword, grantsConsent, reader: "NURSE" };
}
