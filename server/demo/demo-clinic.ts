import type { Db } from "../db/client.js";
import { regenerateSlots } from "../services/visits/slots.js";

const WEEKDAYS = [1, 2, 3, 4, 5];
// Mornings and afternoons, 30-minute visits with 10 minutes between them.
const BLOCKS = [
  { weekdays: WEEKDAYS, startMinute: 9 * 60, endMinute: 12 * 60, slotMinutes: 30, bufferMinutes: 10 },
  { weekdays: WEEKDAYS, startMinute: 13 * 60, endMinute: 16 * 60, slotMinutes: 30, bufferMinutes: 10 },
];

/**
 * The demo's follow-up clinic: one clinic, an English-speaking and a bilingual (Spanish) clinician,
 * weekday availability and their slots for the coming weeks. Written once; a database that already
 * has a clinic is left alone.
 */
export async function ensureDemoClinic(db: Db, opts: { weeks: number; from?: Date }): Promise<boolean> {
  if ((await db.clinic.count()) > 0) return false;
  const clinic = await db.clinic.create({
    data: {
      name: "Riverside Follow-up Clinic",
      address: "200 River Street, Suite 210, Springfield",
      phone: "+12025550190",
      parkingNotes: "Free parking in the Elm Street garage; bring your ticket to the front desk.",
      buildingNotes: "Use the east entrance and take the lift to the 2nd floor.",
      prepNotes: "Bring all your medicines in their bottles, your discharge papers and your insurance card.",
      timeZone: "America/New_York",
    },
  });
  const clinicians = [
    { name: "Dr. Maya Chen", languages: ["EN" as const] },
    { name: "Dra. Sofía Ramírez", languages: ["EN" as const, "ES" as const] },
  ];
  for (const c of clinicians) {
    const created = await db.clinician.create({
      data: { clinicId: clinic.id, name: c.name, languages: c.languages, rules: { create: BLOCKS } },
    });
    await regenerateSlots(db, {
      clinicianId: created.id,
      weeks: opts.weeks,
      ...(opts.from ? { from: opts.from } : {}),
    });
  }
  return true;
}
