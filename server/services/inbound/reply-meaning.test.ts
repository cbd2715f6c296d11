import { describe, expect, it } from "vitest";
import { isConfirmation, type ReplyContext, type ReplyMeaning, replyMeaning } from "./reply-meaning.js";

const ctx = (over: Partial<ReplyContext> = {}): ReplyContext => ({
  consentPending: false,
  checkInOpen: false,
  appointmentAwaitingConfirmation: false,
  ...over,
});
const NOTHING = ctx();
const CONSENT = ctx({ consentPending: true });
const CHECK_IN = ctx({ checkInOpen: true });
const APPOINTMENT = ctx({ appointmentAwaitingConfirmation: true });
const ALL = ctx({ consentPending: true, checkInOpen: true, appointmentAwaitingConfirmation: true });

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
