import type { Language, Protocol } from "../db/client.js";
import type { Persona } from "./personas.js";

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** How far back the demo's story starts: the earliest discharge, plus a little. */
export const STORY_MS = 7 * DAY + 2 * HOUR;
/** Nurses work every task raised before this long before "now"; newer ones are left on the board. */
export const LEFT_OPEN_MS = 6 * HOUR;

export interface DemoPatient {
  first: string;
  last: string;
  lang: Language;
  protocol: Protocol;
  tz: string;
  /** How the patient answers the check-ins (the simulator's scripted patients). */
  persona: Persona;
  /** Discharged (and enrolled at once) this long before "now". */
  dischargedAgoMs: number;
  /** Texts the patient sends on their own, this long before "now" (what is on the board today). */
  texts?: { agoMs: number; body: string }[];
}

// Synthetic patients only; phone numbers are in the 555-01xx range reserved for fiction.
export const DEMO_PATIENTS: readonly DemoPatient[] = [
  {
    first: "Maria",
    last: "Lopez",
    lang: "ES",
    protocol: "HF",
    tz: "America/New_York",
    persona: "SPANISH",
    dischargedAgoMs: 3 * DAY + 4 * HOUR,
    // Urgent, just in: on track, routed to the Spanish-speaking nurse.
    texts: [{ agoMs: 25 * 60_000, body: "me falta el aire cuando camino" }],
  },
  {
    first: "James",
    last: "Carter",
    lang: "EN",
    protocol: "HF",
    tz: "America/Chicago",
    persona: "WORSENING",
    dischargedAgoMs: 7 * DAY,
  },
  {
    first: "Linda",
    last: "Nguyen",
    lang: "EN",
    protocol: "COPD",
    tz: "America/New_York",
    persona: "WELL",
    dischargedAgoMs: 5 * DAY + 2 * HOUR,
    // Urgent, 80 minutes old: inside the warning window.
    texts: [{ agoMs: 80 * 60_000, body: "I need my inhaler more than usual and feel more short of breath" }],
  },
  {
    first: "Robert",
    last: "Hughes",
    lang: "EN",
    protocol: "AMI",
    tz: "America/Denver",
    persona: "EMERGENCY",
    dischargedAgoMs: 4 * DAY + 6 * HOUR,
  },
  {
    first: "Carmen",
    last: "Diaz",
    lang: "ES",
    protocol: "PNA",
    tz: "America/Los_Angeles",
    persona: "SILENT",
    dischargedAgoMs: 6 * DAY,
  },
  {
    first: "Walter",
    last: "Reed",
    lang: "EN",
    protocol: "THA_TKA",
    tz: "America/New_York",
    persona: "WELL",
    dischargedAgoMs: 6 * DAY + 8 * HOUR,
  },
  {
    first: "Patricia",
    last: "Young",
    lang: "EN",
    protocol: "DM",
    tz: "America/Chicago",
    persona: "WORSENING",
    dischargedAgoMs: 2 * DAY + 3 * HOUR,
    // Routine, two hours old: on track for a day.
    texts: [{ agoMs: 2 * HOUR, body: "Can someone call me about my pills? The pharmacy did not have them" }],
  },
  {
    first: "Jose",
    last: "Ramirez",
    lang: "ES",
    protocol: "GENERAL",
    tz: "America/New_York",
    persona: "SPANISH",
    dischargedAgoMs: DAY + 10 * HOUR,
  },
  {
    first: "Helen",
    last: "Park",
    lang: "EN",
    protocol: "COPD",
    tz: "America/New_York",
    persona: "STOPS",
    dischargedAgoMs: 5 * DAY + 20 * HOUR,
  },
  {
    first: "Frank",
    last: "Moore",
    lang: "EN",
    protocol: "HF",
    tz: "America/Los_Angeles",
    persona: "WELL",
    dischargedAgoMs: 4 * DAY,
    // Urgent, three hours old: breached, and moved off the nurse who let it lapse.
    texts: [{ agoMs: 3 * HOUR, body: "I gained 4 pounds since yesterday and my ankles are swollen" }],
  },
];

export const demoMrn = (i: number) => `DEMO-${String(1001 + i)}`;
export const demoPhone = (i: number) => `+1202555${String(100 + i).padStart(4, "0")}`;
