import { describe, expect, it } from "vitest";
import { type ReplyContext, replyMeaning, visitCommand } from "./reply-meaning.js";

const ctx = (over: Partial<ReplyContext> = {}): ReplyContext => ({
  consentPending: false,
  checkInOpen: false,
  appointmentAwaitingConfirmation: false,
  ...over,
});
const BOOKED = ctx({ visitBooked: true, visitKnown: true, appointmentAwaitingConfirmation: true });
const CANCELED_BEFORE = ctx({ visitKnown: true });

describe("visit changes by text: cancel and reschedule", () => {
  it.each([
    ["C", "CANCEL", ""],
    ["c.", "CANCEL", ""],
    ["cancel visit", "CANCEL", ""],
    ["Cancel my appointment!", "CANCEL", ""],
    ["cancel the appt", "CANCEL", ""],
    ["cancelar cita", "CANCEL", ""],
    ["Cancelar mi cita", "CANCEL", ""],
    ["cancel my appointment, I have chest pain", "CANCEL", "I HAVE CHEST PAIN"],
    ["R", "RESCHEDULE", ""],
    ["reschedule", "RESCHEDULE", ""],
    ["Change", "RESCHEDULE", ""],
    ["cambiar", "RESCHEDULE", ""],
    ["otra hora", "RESCHEDULE", ""],
    ["change my appointment please", "RESCHEDULE", "PLEASE"],
  ] as const)("%j is a %s (rest %j)", (text, command, rest) => {
    expect(visitCommand(text)).toEqual({ command, rest });
  });

  it.each([
    "CANCEL", // the carrier opt-out keyword, never a visit cancel
    "cancel",
    "cancelar",
    "change in my breathing",
    "C is for chest pain",
    "red",
    "cancellation",
    "I want to cancel",
  ])("%j is neither", (text) => {
    expect(visitCommand(text)).toBeNull();
  });

  it.each<[string, ReplyContext, string | null]>([
    ["C", BOOKED, "VISIT_CANCEL"],
    ["cancel my appointment", BOOKED, "VISIT_CANCEL"],
    ["R", BOOKED, "VISIT_RESCHEDULE"],
    // Carrier keywords stay exactly as they are, whatever is booked.
    ["CANCEL", BOOKED, null],
    ["STOP", BOOKED, null],
    ["HELP", BOOKED, null],
    // Nothing booked: "C" is free text; "R" still asks for times once a visit was texted about.
    ["C", CANCELED_BEFORE, "NURSE"],
    ["R", CANCELED_BEFORE, "VISIT_RESCHEDULE"],
    ["R", ctx(), "NURSE"],
    ["C", ctx(), "NURSE"],
    // A check-in question takes every reply; an open offer's digits and a proposal's YES come first.
    ["C", { ...BOOKED, checkInOpen: true }, "CHECK_IN"],
    ["1", { ...BOOKED, visitOfferOpen: true }, "VISIT_OFFER"],
    ["YES", { ...BOOKED, visitChangeProposed: true }, "VISIT_CHANGE"],
    ["1", BOOKED, "APPOINTMENT"],
    ["yes", BOOKED, "APPOINTMENT"],
  ])("%j with %o is read by %s", (text, context, reader) => {
    expect(replyMeaning(text, context).reader).toBe(reader);
  });
});
