import { classifyKeyword, foldKeyword, type Keyword } from "../../sms/index.js";

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
  /** Visit times were texted ("Reply 1, 2 or 3 ... or 0") and not answered yet. */
  visitOfferOpen?: boolean;
  /** Staff proposed another visit time and wait for the patient's YES (or 0). */
  visitChangeProposed?: boolean;
  /** A visit is booked or requested that the patient may cancel ("C") or move ("R"). */
  visitBooked?: boolean;
  /** Any visit was texted about (booked, offered or cancelled): "R" asks for new times "any time". */
  visitKnown?: boolean;
}

/** Who reads the reply after the carrier keywords: nobody, the check-in, the appointment, a nurse. */
export type ReplyReader =
  | "CHECK_IN"
  | "VISIT_CHANGE"
  | "VISIT_OFFER"
  | "VISIT_CANCEL"
  | "VISIT_RESCHEDULE"
  | "APPOINTMENT"
  | "TRANSPORT"
  | "NURSE";

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

// An offer asks for one digit: "1", "2", "3", or "0" for none ("option 2" is free text for a nurse).
const OFFER_CHOICE = /^\s*([0-3])\s*[.!]*\s*$/;
const DECLINE = /^\s*(0|no|nope|ninguno|ninguna)\s*[.!]*\s*$/i;

/** The offered time a reply picks (1-3), 0 for none, or null when it is not a pick. */
export function offerChoice(text: string): number | null {
  const m = OFFER_CHOICE.exec(text);
  return m ? Number(m[1]) : null;
}

/** A proposed visit time: true accepts (YES), false declines (0 / no), null is neither. */
export function proposalAnswer(text: string): boolean | null {
  if (DECLINE.test(text)) return false;
  return isConfirmation(text) && text.trim() !== "1" ? true : null;
}

// "No ride" to a visit (visit-after): EN/ES, accents and apostrophes folded, close variants.
const NO_RIDE = new RegExp(
  [
    "\\bno (ride|transport|transportation|car|way to get)\\b",
    "\\b(dont|do not|cant|cannot|wont) (have|get) (a )?(ride|transport|transportation)\\b",
    "\\bneed (a )?(ride|transport|transportation)\\b",
    "\\b(no one|nobody) to (drive|take) me\\b",
    "\\bno tengo (como|quien|transporte|raite|ride|carro)\\b",
    "\\b(sin|necesito) transporte\\b",
  ].join("|"),
);

export function isNoRide(text: string): boolean {
  const folded = text
    .normalize("NFD")
    .replace(/\p{M}/gu, "")
    .toLowerCase()
    .replace(/['’]/g, "")
    .replace(/\s+/g, " ");
  return NO_RIDE.test(folded);
}

// Visit changes. A bare CANCEL stays the carrier opt-out (keywords.ts, applied before this), so a
// cancel must name the visit or be the single letter the texts teach. Single words must be the whole
// text ("change in my breathing" is not a reschedule); a named phrase may lead a longer text, whose
// rest still goes to triage ("cancel my appointment, chest pain since last night").
const CANCEL_WORDS = new Set(["C"]);
const CANCEL_PHRASE = /^(CANCEL (MY |THE )?(VISIT|APPOINTMENT|APPT)|CANCELAR (MI |LA )?CITA)\b/;
const RESCHEDULE_WORDS = new Set(["R", "RESCHEDULE", "CHANGE", "CAMBIAR", "OTRA HORA", "REPROGRAMAR"]);
const RESCHEDULE_PHRASE =
  /^((RESCHEDULE|CHANGE) (MY |THE )?(VISIT|APPOINTMENT|APPT)|(CAMBIAR|REPROGRAMAR) (MI |LA )?CITA)\b/;

export type VisitCommand = { command: "CANCEL" | "RESCHEDULE"; rest: string };

/** A cancel or reschedule of the patient's visit, and any text after it (null: neither). */
export function visitCommand(text: string): VisitCommand | null {
  const folded = foldKeyword(text);
  if (CANCEL_WORDS.has(folded)) return { command: "CANCEL", rest: "" };
  if (RESCHEDULE_WORDS.has(folded)) return { command: "RESCHEDULE", rest: "" };
  for (const [command, re] of [
    ["CANCEL", CANCEL_PHRASE],
    ["RESCHEDULE", RESCHEDULE_PHRASE],
  ] as const) {
    const m = re.exec(folded);
    if (m) return { command, rest: folded.slice(m[0].length).trim() };
  }
  return null;
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
 * 5. A YES or 0 answers a visit time staff proposed (the newest question the patient was asked).
 * 6. 0-3 answers texted visit times (before the appointment's "1": a fresh offer is the newer
 *    question, e.g. rescheduling).
 * 7. With a visit booked or requested, "C" / "cancel my appointment" cancels it; once any visit was
 *    texted about, "R" / "change" offers new times (before 8: "C" once confirmed a reminder, and a
 *    cancel is the newer meaning; the texts now ask for 1 or YES to confirm).
 * 8. A short "yes"/"1" confirms an appointment awaiting confirmation; "no ride" asks for transport.
 * 9. Everything else is free text for the nurse rules (emergency words, acknowledgement, task).
 */
export function replyMeaning(body: string, ctx: ReplyContext): ReplyMeaning {
  const keyword = classifyKeyword(body);
  if (keyword === "OPT_OUT" || keyword === "OPT_IN" || keyword === "HELP") {
    return { keyword, grantsConsent: false, reader: null };
  }
  const grantsConsent = keyword === "YES" && ctx.consentPending;
  if (ctx.checkInOpen) return { keyword, grantsConsent, reader: "CHECK_IN" };
  if (grantsConsent) return { keyword, grantsConsent, reader: null };
  if (ctx.visitChangeProposed && proposalAnswer(body) !== null) {
    return { keyword, grantsConsent, reader: "VISIT_CHANGE" };
  }
  if (ctx.visitOfferOpen && offerChoice(body) !== null)
    return { keyword, grantsConsent, reader: "VISIT_OFFER" };
  const command = ctx.visitBooked || ctx.visitKnown ? visitCommand(body)?.command : undefined;
  if (command === "CANCEL" && ctx.visitBooked) return { keyword, grantsConsent, reader: "VISIT_CANCEL" };
  if (command === "RESCHEDULE") return { keyword, grantsConsent, reader: "VISIT_RESCHEDULE" };
  if (ctx.appointmentAwaitingConfirmation && isConfirmation(body)) {
    return { keyword, grantsConsent, reader: "APPOINTMENT" };
  }
  if (ctx.appointmentAwaitingConfirmation && isNoRide(body)) {
    return { keyword, grantsConsent, reader: "TRANSPORT" };
  }
  return { keyword, grantsConsent, reader: "NURSE" };
}
