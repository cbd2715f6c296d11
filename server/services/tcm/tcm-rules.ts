// The TCM rules (Medicare CPT 99495/99496, docs in README "Transitional Care Management") as pure
// functions of what was documented: no database, no clock. The service gathers the facts.
import type { MdmLevel, TcmCode, TcmReason } from "../../domain/tcm.js";
import { localDate } from "../../lib/local-date.js";
import { addDays, businessDayDeadline, daysBetween, endOfLocalDay, holidaysFor } from "./business-days.js";

const HOUR = 3_600_000;

export type TextAuthor = "STAFF" | "PATIENT" | "AUTOMATED";

export interface TcmFacts {
  dischargedAt: Date;
  /** The hospital's (clinic's) time zone: business days and calendar days are counted there. */
  timeZone: string;
  /** ISO dates; empty or left out: U.S. federal holidays. */
  holidays?: readonly string[];
  /** The patient's clinic's closed days, counted as holidays on top of `holidays`. */
  clinicHolidays?: readonly string[];
  now: Date;
  /** Contacts documented by clinical staff (a nurse's call note). */
  calls: readonly Date[];
  /** The episode's texts; only a staff member's text answered by the patient is an exchange. */
  texts: readonly { at: Date; author: TextAuthor }[];
  /** Documented unsuccessful attempts to reach the patient. */
  attempts: readonly Date[];
  /** Face-to-face visits: COMPLETED ones, and BOOKED ones still to come. */
  visits: readonly { at: Date; status: "COMPLETED" | "BOOKED" }[];
  medRecAt: Date | null;
  mdmLevel: MdmLevel | null;
}

export type ContactState = "MADE" | "ATTEMPTS" | "PENDING" | "MADE_LATE" | "MISSED";
export type VisitState = "DONE" | "BOOKED" | "NOT_BOOKED" | "MISSED";

export interface TcmStatus {
  contact: {
    state: ContactState;
    dueBy: Date;
    madeAt: Date | null;
    via: "CALL" | "TEXT" | null;
    attemptsInWindow: number;
    hoursLeft: number | null;
  };
  visit: {
    state: VisitState;
    dueBy7: Date;
    dueBy14: Date;
    at: Date | null;
    /** Calendar days from the discharge date to the visit date (the discharge day is day 0). */
    day: number | null;
    bookedFor: Date | null;
    daysLeft: number | null;
  };
  medRec: { at: Date | null; ok: boolean };
  mdmLevel: MdmLevel | null;
  code: TcmCode | null;
  reasons: TcmReason[];
  risks: { kind: "CONTACT" | "VISIT"; deadline: Date }[];
  /** The earliest deadline at risk, for sorting; null when nothing is at risk. */
  nextDeadline: Date | null;
}

/** CMS: "two or more separate attempts" made timely and documented can stand in for the contact. */
export const ATTEMPTS_THAT_COUNT = 2;

/**
 * The first interactive contact: a documented call, or the patient answering a staff member's
 * text (the exchange happens when the answer arrives). Automated check-ins and bots do not count,
 * so a reply to one is no exchange.
 */
export function firstInteractiveContact(
  calls: readonly Date[],
  texts: TcmFacts["texts"],
  after: Date,
): { at: Date; via: "CALL" | "TEXT" } | null {
  let best: { at: Date; via: "CALL" | "TEXT" } | null = null;
  for (const at of calls) {
    if (at >= after && (!best || at < best.at)) best = { at, via: "CALL" };
  }
  const ordered = texts.filter((t) => t.at >= after).sort((a, b) => a.at.getTime() - b.at.getTime());
  let staffWrote = false;
  for (const t of ordered) {
    if (t.author === "STAFF") staffWrote = true;
    else if (t.author === "PATIENT" && staffWrote) {
      if (!best || t.at < best.at) best = { at: t.at, via: "TEXT" };
      break;
    }
  }
  return best;
}

function evaluateContact(f: TcmFacts, holidays: ReadonlySet<string>): TcmStatus["contact"] {
  const dueBy = businessDayDeadline(f.dischargedAt, 2, f.timeZone, holidays);
  const made = firstInteractiveContact(f.calls, f.texts, f.dischargedAt);
  const attemptsInWindow = f.attempts.filter((a) => a >= f.dischargedAt && a <= dueBy).length;
  const base = { dueBy, madeAt: made?.at ?? null, via: made?.via ?? null, attemptsInWindow, hoursLeft: null };
  if (made && made.at <= dueBy) return { ...base, state: "MADE" };
  if (attemptsInWindow >= ATTEMPTS_THAT_COUNT) return { ...base, state: "ATTEMPTS" };
  if (f.now <= dueBy) {
    return { ...base, state: "PENDING", hoursLeft: Math.floor((dueBy.getTime() - f.now.getTime()) / HOUR) };
  }
  return { ...base, state: made ? "MADE_LATE" : "MISSED" };
}

function evaluateVisit(f: TcmFacts): TcmStatus["visit"] {
  const discharge = localDate(f.dischargedAt, f.timeZone);
  const dayOf = (at: Date) => daysBetween(discharge, localDate(at, f.timeZone));
  const dueBy7 = endOfLocalDay(addDays(discharge, 7), f.timeZone);
  const dueBy14 = endOfLocalDay(addDays(discharge, 14), f.timeZone);
  const first = (status: "COMPLETED" | "BOOKED") =>
    f.visits
      .filter((v) => v.status === status && dayOf(v.at) >= 0)
      .sort((a, b) => a.at.getTime() - b.at.getTime())[0]?.at ?? null;
  const done = first("COMPLETED");
  const booked = first("BOOKED");
  const base = {
    dueBy7,
    dueBy14,
    at: done,
    day: done ? dayOf(done) : null,
    bookedFor: booked,
    daysLeft: null,
  };
  if (done) return { ...base, state: "DONE" };
  if (f.now > dueBy14) return { ...base, state: "MISSED" };
  const daysLeft = Math.max(0, 14 - dayOf(f.now));
  if (booked && booked <= dueBy14) return { ...base, state: "BOOKED", daysLeft };
  return { ...base, state: "NOT_BOOKED", daysLeft };
}

/** Everything TCM asks of an episode, and the code it can bill (or why none). */
export function evaluateTcm(f: TcmFacts): TcmStatus {
  const holidays = holidaysFor(f.dischargedAt, f.holidays, f.clinicHolidays);
  const contact = evaluateContact(f, holidays);
  const visit = evaluateVisit(f);
  const reasons: TcmReason[] = [];
  if (contact.state === "PENDING") reasons.push("CONTACT_PENDING");
  if (contact.state === "MADE_LATE" || contact.state === "MISSED") reasons.push("CONTACT_MISSED");
  if (visit.state === "NOT_BOOKED" || visit.state === "BOOKED") reasons.push("VISIT_PENDING");
  if (visit.state === "MISSED") reasons.push("VISIT_MISSED");
  if (visit.day !== null && visit.day > 14) reasons.push("VISIT_LATE");
  // "No later than the date of the face-to-face visit": compared as local calendar dates.
  const medRecLate =
    f.medRecAt !== null &&
    visit.at !== null &&
    localDate(f.medRecAt, f.timeZone) > localDate(visit.at, f.timeZone);
  if (f.medRecAt === null) reasons.push("MED_REC_MISSING");
  else if (medRecLate) reasons.push("MED_REC_AFTER_VISIT");
  if (f.mdmLevel === null) reasons.push("MDM_MISSING");
  else if (f.mdmLevel === "LOW" || f.mdmLevel === "STRAIGHTFORWARD") reasons.push("MDM_TOO_LOW");
  let code: TcmCode | null = null;
  if (reasons.length === 0 && visit.day !== null) {
    // High complexity with a visit on day 8-14 still bills 99495.
    code = f.mdmLevel === "HIGH" && visit.day <= 7 ? "99496" : "99495";
  }
  const risks: TcmStatus["risks"] = [];
  if (contact.state === "PENDING") risks.push({ kind: "CONTACT", deadline: contact.dueBy });
  if (visit.state === "NOT_BOOKED") risks.push({ kind: "VISIT", deadline: visit.dueBy14 });
  const nextDeadline = risks.reduce<Date | null>((m, r) => (!m || r.deadline < m ? r.deadline : m), null);
  return {
    contact,
    visit,
    medRec: { at: f.medRecAt, ok: f.medRecAt !== null && !medRecLate },
    mdmLevel: f.mdmLevel,
    code,
    reasons,
    risks,
    nextDeadline,
  };
}
