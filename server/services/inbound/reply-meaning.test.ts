import { describe, expect, it } from "vitest";
import {
  isConfirmation,
  isNoRide,
  offerChoice,
  proposalAnswer,
  type ReplyContext,
  type ReplyMeaning,
  replyMeaning,
} from "./reply-meaning.js";

const ctx = (over: Partial<ReplyContext> = {}): ReplyContext => ({
  consentPending: false,
  checkInOpen: false,
  appointmentAwaitingConfirmation: false,
  visitOfferOpen: false,
  visitChangeProposed: false,
  ...over,
});
const NOTHING = ctx();
const CONSENT = ctx({ consentPending: true });
const CHECK_IN = ctx({ checkInOpen: true });
const APPOINTMENT = ctx({ appointmentAwaitingConfirmation: true });
const ALL = ctx({ consentPending: true, checkInOpen: true, appointmentAwaitingConfirmation: true });
const OFFER = ctx({ visitOfferOpen: true });
const PROPOSAL = ctx({ visitChangeProposed: true });
const EVERYTHING = ctx({
  consentPending: true,
  checkInOpen: true,
  appointmentAwaitingConfirmation: true,
  visitOfferOpen: true,
  visitChangeProposed: true,
});

type Row = [string, string, ReplyContext, ReplyMeaning];
const m = (
  keyword: ReplyMeaning["keyword"],
  grantsConsent: boolean,
  reader: ReplyMeaning["reader"],
): ReplyMeaning => ({ keyword, grantsConsent, reader });

// Every context, alone and combined, for the short replies whose meaning depends on it.
const TABLE: Row[] = [
  // "yes" with one thing waiting
  ["YES", "nothing waiting: free text for the nurse rules", NOTHING, m("YES", false, "NURSE")],
  ["YES", "consent pending: grants consent, nobody else reads it", CONSENT, m("YES", true, null)],
  ["YES", "check-in question waiting: the answer to the question", CHECK_IN, m("YES", false, "CHECK_IN")],
  ["yes", "appointment awaiting confirmation: confirms it", APPOINTMENT, m("YES", false, "APPOINTMENT")],
  // combinations: patient safety first
  [
    "Sí",
    "consent pending + question waiting: grants consent AND answers the question",
    ctx({ consentPending: true, checkInOpen: true }),
    m("YES", true, "CHECK_IN"),
  ],
  [
    "YES",
    "consent pending + appointment: consent only (a consent YES must not confirm a visit)",
    ctx({ consentPending: true, appointmentAwaitingConfirmation: true }),
    m("YES", true, null),
  ],
  [
    "yes",
    "question waiting + appointment: the question wins (it may be 'any chest pain?')",
    ctx({ checkInOpen: true, appointmentAwaitingConfirmation: true }),
    m("YES", false, "CHECK_IN"),
  ],
  ["SI", "everything waiting: consent and the question", ALL, m("YES", true, "CHECK_IN")],
  // confirmation words that are not the YES keyword
  ["1", "appointment: '1' is what the reminder asks for", APPOINTMENT, m(null, false, "APPOINTMENT")],
  ["ok!", "appointment: a short ok confirms", APPOINTMENT, m(null, false, "APPOINTMENT")],
  ["1", "nothing waiting: just text for the nurse rules", NOTHING, m(null, false, "NURSE")],
  ["1", "consent pending: '1' is not consent", CONSENT, m(null, false, "NURSE")],
  ["1", "question waiting: the answer ('1' may be a 1-4 scale)", CHECK_IN, m(null, false, "CHECK_IN")],
  // "no" and free text never grant consent nor confirm
  ["no", "consent pending: not consent, goes to the nurse rules", CONSENT, m(null, false, "NURSE")],
  ["no", "appointment: not a confirmation", APPOINTMENT, m(null, false, "NURSE")],
  ["no", "question waiting: the answer", CHECK_IN, m(null, false, "CHECK_IN")],
  [
    "yes I have chest pain",
    "a sentence is never the keyword: the question reads it",
    ALL,
    m(null, false, "CHECK_IN"),
  ],
  [
    "yes I have chest pain",
    "nothing waiting: the nurse rules (emergency words)",
    NOTHING,
    m(null, false, "NURSE"),
  ],
  // carrier keywords win over everything waiting
  ["STOP", "opt-out with a question waiting: applied at once, nobody else", ALL, m("OPT_OUT", false, null)],
  ["stop", "opt-out with nothing waiting", NOTHING, m("OPT_OUT", false, null)],
  ["START", "opt-in with a question waiting", CHECK_IN, m("OPT_IN", false, null)],
  ["AYUDA", "help with consent pending", CONSENT, m("HELP", false, null)],
  ["help", "help with an appointment waiting", APPOINTMENT, m("HELP", false, null)],
  // visit times offered ("Reply 1, 2 or 3 to pick a time, or 0 for none of these")
  ["2", "offer open: picks the second time", OFFER, m(null, false, "VISIT_OFFER")],
  ["0", "offer open: none of these", OFFER, m(null, false, "VISIT_OFFER")],
  [" 3. ", "offer open: a pick with spaces and a full stop", OFFER, m(null, false, "VISIT_OFFER")],
  ["4", "offer open: no fourth time, free text", OFFER, m(null, false, "NURSE")],
  ["option 2", "offer open: a sentence is for a nurse", OFFER, m(null, false, "NURSE")],
  ["yes", "offer open: YES picks nothing", OFFER, m("YES", false, "NURSE")],
  [
    "2",
    "offer + question waiting: the question wins ('2' may be a 1-4 scale)",
    ctx({ visitOfferOpen: true, checkInOpen: true }),
    m(null, false, "CHECK_IN"),
  ],
  [
    "1",
    "offer + consent pending: the pick (a '1' is not consent)",
    ctx({ visitOfferOpen: true, consentPending: true }),
    m(null, false, "VISIT_OFFER"),
  ],
  [
    "YES",
    "offer + consent pending: consent only",
    ctx({ visitOfferOpen: true, consentPending: true }),
    m("YES", true, null),
  ],
  [
    "1",
    "offer + appointment awaiting confirmation: the newer offer (rescheduling)",
    ctx({ visitOfferOpen: true, appointmentAwaitingConfirmation: true }),
    m(null, false, "VISIT_OFFER"),
  ],
  [
    "yes",
    "offer + appointment: YES still confirms the appointment",
    ctx({ visitOfferOpen: true, appointmentAwaitingConfirmation: true }),
    m("YES", false, "APPOINTMENT"),
  ],
  ["STOP", "offer open: opt-out wins", OFFER, m("OPT_OUT", false, null)],
  [
    "1",
    "offer + question + consent + appointment: the question",
    ctx({
      visitOfferOpen: true,
      checkInOpen: true,
      consentPending: true,
      appointmentAwaitingConfirmation: true,
    }),
    m(null, false, "CHECK_IN"),
  ],
  // staff proposed another time ("Reply YES to accept, or 0 to see other times")
  ["YES", "proposal: accepts", PROPOSAL, m("YES", false, "VISIT_CHANGE")],
  ["sí", "proposal: accepts in Spanish", PROPOSAL, m("YES", false, "VISIT_CHANGE")],
  ["0", "proposal: other times", PROPOSAL, m(null, false, "VISIT_CHANGE")],
  ["no", "proposal: other times", PROPOSAL, m(null, false, "VISIT_CHANGE")],
  ["1", "proposal: '1' is not an answer to it, free text", PROPOSAL, m(null, false, "NURSE")],
  [
    "YES",
    "proposal + question waiting: the question",
    ctx({ visitChangeProposed: true, checkInOpen: true }),
    m("YES", false, "CHECK_IN"),
  ],
  [
    "YES",
    "proposal + consent pending: consent only",
    ctx({ visitChangeProposed: true, consentPending: true }),
    m("YES", true, null),
  ],
  [
    "0",
    "proposal + offer open: the proposal (asked last)",
    ctx({ visitChangeProposed: true, visitOfferOpen: true }),
    m(null, false, "VISIT_CHANGE"),
  ],
  [
    "yes",
    "proposal + appointment: the proposal",
    ctx({ visitChangeProposed: true, appointmentAwaitingConfirmation: true }),
    m("YES", false, "VISIT_CHANGE"),
  ],
  ["2", "everything waiting: the question", EVERYTHING, m(null, false, "CHECK_IN")],
  ["STOP", "everything waiting: opt-out", EVERYTHING, m("OPT_OUT", false, null)],
  // a plain-language opt-out is not a keyword: a nurse confirms it
  ["stop texting me", "plain-language opt-out with nothing waiting", NOTHING, m(null, false, "NURSE")],
];

describe("replyMeaning: who a reply is for, in context", () => {
  it.each(TABLE)("%j, %s", (body, _why, context, expected) => {
    expect(replyMeaning(body, context)).toEqual(expected);
  });

  it("a YES that grants consent is never swallowed while a question waits (patient safety)", () => {
    for (const body of ["YES", "yes", "Sí", "SI", "si."]) {
      expect(replyMeaning(body, ctx({ consentPending: true, checkInOpen: true })).reader).toBe("CHECK_IN");
    }
  });
});

describe("isConfirmation", () => {
  it.each(["yes", "Y", "sí", "1", "c", "OK", "okay!", "confirm", "confirmo", " yep. "])(
    "%j confirms",
    (t) => {
      expect(isConfirmation(t)).toBe(true);
    },
  );
  it.each(["no", "2", "yes but", "ok I will", "maybe", ""])("%j does not", (t) => {
    expect(isConfirmation(t)).toBe(false);
  });
});

describe("offerChoice and proposalAnswer", () => {
  it.each([
    ["0", 0],
    ["1", 1],
    [" 2 ", 2],
    ["3!", 3],
    ["4", null],
    ["12", null],
    ["one", null],
  ] as const)("%j picks %s", (t, n) => {
    expect(offerChoice(t)).toBe(n);
  });
  it.each([
    ["YES", true],
    ["sí", true],
    ["ok", true],
    ["0", false],
    ["No", false],
    ["ninguna", false],
    ["1", null],
    ["maybe", null],
  ] as const)("%j answers %s", (t, a) => {
    expect(proposalAnswer(t)).toBe(a);
  });
});

describe("isNoRide (visit-after: transport)", () => {
  it.each([
    "no ride",
    "I have no ride",
    "No transportation",
    "I don't have a ride",
    "cant get a ride",
    "need a ride please",
    "nobody to drive me",
    "No tengo cómo ir",
    "no tengo como llegar",
    "no tengo transporte",
    "necesito transporte",
    "no tengo quien me lleve",
  ])("%s", (text) => {
    expect(isNoRide(text)).toBe(true);
    const ctx = { consentPending: false, checkInOpen: false, appointmentAwaitingConfirmation: true };
    expect(replyMeaning(text, ctx).reader).toBe("TRANSPORT");
  });

  it.each(["yes", "I rode my bike", "the ride was fine", "tengo transporte"])("not %s", (text) => {
    expect(isNoRide(text)).toBe(false);
  });
});
