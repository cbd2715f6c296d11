// The simulation's follow-up clinics, made through the same services as the admin's Clinics page:
// clinics, clinicians and weekly availability (saving it generates the coming weeks' free slots;
// the nightly `visit.generate-slots` task keeps them coming as virtual time moves on).
import type { Db } from "../../server/db/client.js";
import { createClinic, createClinician, setAvailability } from "../../server/services/visits/clinics.js";
import { loadVisitSettings } from "../../server/services/visits/settings.js";

const WEEKDAYS = [1, 2, 3, 4, 5];
// Mornings and afternoons, 30-minute visits with 10 minutes between them: 8 visits a day.
const RULES = [
  { weekdays: WEEKDAYS, startMinute: 9 * 60, endMinute: 12 * 60, slotMinutes: 30, bufferMinutes: 10 },
  { weekdays: WEEKDAYS, startMinute: 13 * 60, endMinute: 16 * 60, slotMinutes: 30, bufferMinutes: 10 },
];
const CLINICS = [
  { name: "Eastside Follow-up Clinic", timeZone: "America/New_York" },
  { name: "Lakeside Follow-up Clinic", timeZone: "America/Chicago" },
  { name: "Bayview Follow-up Clinic", timeZone: "America/Los_Angeles" },
];

/**
 * Enough clinicians that most patients can be seen within 14 days: one per 60 patients (at 8
 * visits a weekday), at least two; every third one also speaks Spanish (one patient in eight
 * does), and a clinician is off on the second Monday, so exceptions are exercised too.
 */
export async function setUpClinics(db: Db, patients: number, at: Date) {
  const weeks = loadVisitSettings().VISIT_SLOT_WEEKS;
  const clinicians = Math.max(2, Math.ceil(patients / 60));
  const clinics = [];
  for (const [i, c] of CLINICS.slice(0, Math.min(CLINICS.length, clinicians)).entries()) {
    clinics.push(
      await createClinic(db, {
        ...c,
        address: `${100 + i * 100} Main Street, Suite ${200 + i}, Springfield`,
        phone: `+1202555019${i}`,
        parkingNotes: "Free parking behind the building.",
        prepNotes: "Bring all your medicines, your discharge papers and your insurance card.",
        buildingNotes: "Take the lift to the 2nd floor.",
        holidays: [],
        active: true,
      }),
    );
  }
  const dayOff = new Date(at.getTime() + ((8 - at.getUTCDay()) % 7 || 7) * 86_400_000 + 7 * 86_400_000)
    .toISOString()
    .slice(0, 10);
  let slots = 0;
  for (let i = 0; i < clinicians; i++) {
    const { id } = await createClinician(db, {
      clinicId: clinics[i % clinics.length]!.id,
      name: `Dr. Sim ${i}`,
      languages: i % 3 === 1 ? ["EN", "ES"] : ["EN"],
      visitTypes: ["FOLLOW_UP"],
      active: true,
    });
    const made = await setAvailability(db, {
      clinicianId: id,
      rules: RULES,
      exceptions: i % 4 === 0 ? [{ date: dayOff, reason: "Training day" }] : [],
      weeks,
    });
    slots += made.created;
  }
  return { clinics: clinics.length, clinicians, slots };
}
