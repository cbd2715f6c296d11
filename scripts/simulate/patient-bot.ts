// The simulation's scripted patients: the demo's persona answers (consent, check-in questions)
// plus follow-up visit answers (a pick of texted times, an answer to a proposed change), through
// the real inbound pipeline. Patients answer in parallel, each patient's own texts in order.
import type { Db } from "../../server/db/client.js";
import { type Messaging, patientTexts } from "../../server/demo/flows.js";
import { type Persona, rand, replyFor } from "../../server/demo/personas.js";
import { forEachLimit } from "./parallel.js";

/** Per persona: the share of offers answered with a pick (1-3) and with 0; the rest are ignored. */
const OFFER_ANSWERS: Record<Persona, { pick: number; none: number }> = {
  WELL: { pick: 0.85, none: 0.07 },
  WORSENING: { pick: 0.7, none: 0.15 },
  EMERGENCY: { pick: 0.8, none: 0.1 },
  SILENT: { pick: 0, none: 0 },
  STOPS: { pick: 0.6, none: 0.2 },
  SPANISH: { pick: 0.8, none: 0.1 },
};
const TEMPLATES = ["consent.request", "checkin.question", "visit.offer", "visit.change"];

type Text = {
  id: string;
  template: string | null;
  patient: { id: string; phone: string };
  checkIn: { slot: number; currentTopic: string | null } | null;
};

/** What a persona texts back to one of our texts, or null for silence. */
async function answer(db: Db, persona: Persona, text: Text): Promise<string | null> {
  const r = rand(`${text.id}:visit`);
  switch (text.template) {
    case "consent.request":
      return persona === "SILENT" ? null : persona === "SPANISH" ? "SI" : "YES";
    case "checkin.question":
      if (!text.checkIn?.currentTopic) return null;
      return replyFor({
        persona,
        checkInSlot: text.checkIn.slot,
        topic: text.checkIn.currentTopic,
        question: "",
        seed: text.id,
      });
    case "visit.offer": {
      const odds = OFFER_ANSWERS[persona];
      if (r >= odds.pick + odds.none) return null;
      if (r >= odds.pick) return "0";
      // Most take the soonest time; the offer may hold fewer than three.
      const offer = await db.visitOffer.findFirst({
        where: { patientId: text.patient.id, status: "OPEN" },
        orderBy: { createdAt: "desc" },
        select: { slotIds: true },
      });
      if (!offer) return null;
      const wanted = r < odds.pick * 0.55 ? 1 : r < odds.pick * 0.85 ? 2 : 3;
      return String(Math.min(wanted, offer.slotIds.length));
    }
    case "visit.change":
      if (persona === "SILENT") return null;
      return r < 0.85 ? (persona === "SPANISH" ? "SI" : "YES") : "0";
    default:
      return null;
  }
}

export function createSimPatientBot(opts: Messaging & { personas: Map<string, Persona>; parallel: number }) {
  // Texts are sent out of creation order (quiet hours hold some overnight), so the window is on
  // the last change (a send) with a margin of an hour, and handled ids are remembered.
  const handled = new Set<string>();
  let previous = 0;
  return async function replyToNewTexts(now: Date): Promise<number> {
    const since = new Date(previous - 3_600_000);
    previous = now.getTime();
    const texts = await opts.db.message.findMany({
      where: {
        direction: "OUTBOUND",
        status: { notIn: ["PENDING", "SUPPRESSED"] },
        template: { in: TEMPLATES },
        updatedAt: { gte: since },
      },
      orderBy: [{ createdAt: "asc" }, { id: "asc" }],
      take: 50_000,
      select: {
        id: true,
        template: true,
        patient: { select: { id: true, phone: true } },
        checkIn: { select: { slot: true, currentTopic: true } },
      },
    });
    const byPatient = new Map<string, Text[]>();
    for (const text of texts) {
      if (handled.has(text.id)) continue;
      handled.add(text.id);
      if (!opts.personas.has(text.patient.id)) continue;
      byPatient.set(text.patient.id, [...(byPatient.get(text.patient.id) ?? []), text]);
    }
    let replies = 0;
    await forEachLimit([...byPatient.values()], opts.parallel, async (own) => {
      for (const text of own) {
        const body = await answer(opts.db, opts.personas.get(text.patient.id)!, text);
        if (!body) continue;
        await patientTexts(opts, text.patient.phone, body);
        replies++;
      }
    });
    return replies;
  };
}
