import { PROTOCOL_IDS, type ProtocolId } from "../domain/index.js";

export type Persona = "WELL" | "WORSENING" | "EMERGENCY" | "SILENT" | "STOPS" | "SPANISH";

export const PERSONAS: readonly Persona[] = [
  "WELL",
  "WELL",
  "WELL",
  "WORSENING",
  "EMERGENCY",
  "SILENT",
  "STOPS",
  "SPANISH",
];
// Condition protocols first and GENERAL last: patient i gets PROTOCOLS[i % 7], so this order decides
// which synthetic patient follows which protocol, and it is the order every earlier simulation used.
export const PROTOCOLS: readonly ProtocolId[] = [...PROTOCOL_IDS.filter((p) => p !== "GENERAL"), "GENERAL"];

/** Deterministic pseudo-random in [0, 1) from a string seed (the same run gives the same report). */
export function rand(seed: string): number {
  let h = 2166136261;
  for (let i = 0; i < seed.length; i++) h = Math.imul(h ^ seed.charCodeAt(i), 16777619);
  return ((h >>> 0) % 100_000) / 100_000;
}

interface ReplyContext {
  persona: Persona;
  checkInSlot: number;
  topic: string;
  question: string;
  seed: string;
}

const WELL_ANSWERS: Record<string, string> = {
  red_flags: "no",
  hf_weight: "182 lbs",
  hf_breathing: "1",
  hf_swelling: "no",
  copd_breathing: "1 same",
  copd_mucus: "no",
  ami_chest_pain: "1",
  pna_temperature: "98.6",
  pna_mucus: "1",
  postop_wound: "no",
  dm_glucose: "130",
  medications: "1",
  followup: "1",
};

const SPANISH_ANSWERS: Record<string, string> = {
  ...WELL_ANSWERS,
  red_flags: "no",
  hf_swelling: "no",
  copd_mucus: "no",
  postop_wound: "no",
  medications: "1",
  followup: "si tengo cita, 1",
};

const WORSE_ANSWERS: Record<string, string> = {
  hf_weight: "190 lbs",
  hf_breathing: "2 - worse walking",
  copd_breathing: "2",
  pna_temperature: "101.2F",
  dm_glucose: "65",
  ami_chest_pain: "2",
  postop_wound: "yes it's red",
  medications: "2 couldn't afford it",
  followup: "3 no ride",
};

/** What a scripted patient texts back, or null for silence. */
export function replyFor(ctx: ReplyContext): string | null {
  switch (ctx.persona) {
    case "SILENT":
      return null;
    case "STOPS":
      return ctx.checkInSlot >= 2 ? "STOP" : (WELL_ANSWERS[ctx.topic] ?? "ok");
    case "EMERGENCY":
      if (ctx.checkInSlot === 3 && ctx.topic === "red_flags") return "yes, chest pain right now";
      return WELL_ANSWERS[ctx.topic] ?? "ok";
    case "WORSENING":
      if (ctx.checkInSlot >= 2 && WORSE_ANSWERS[ctx.topic]) return WORSE_ANSWERS[ctx.topic]!;
      // Real patients are messy: now and then an answer the parser must re-ask.
      if (rand(`${ctx.seed}:messy`) < 0.1) return "hmm not sure";
      return WELL_ANSWERS[ctx.topic] ?? "ok";
    case "SPANISH":
      return SPANISH_ANSWERS[ctx.topic] ?? "bien";
    case "WELL":
      return WELL_ANSWERS[ctx.topic] ?? "fine thanks";
  }
}
