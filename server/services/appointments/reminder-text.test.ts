import { describe, expect, it } from "vitest";
import { renderTemplateChecked } from "../../sms/templates.js";
import type { LoadedAppointment } from "./appointment-steps.js";
import { reminderText } from "./reminders.js";

const COMMON = {
  firstName: "Maximilianaaaaaaaaaaaaaaaaaaaa",
  hospitalName: "Riverside Hospital",
  programName: "Riverside Care Check-ins",
  programPhone: "1-800-555-0100",
};
// Wednesday, September 30: the longest weekday and month names in both languages.
const AT = new Date("2026-09-30T16:00:00Z");
const long = (n: number) => "x".repeat(n);

function appointment(over: Partial<LoadedAppointment> = {}): LoadedAppointment {
  return {
    id: "a1",
    status: "SCHEDULED",
    scheduledAt: AT,
    location: "Clinic B, 2nd floor",
    patientId: "p1",
    episodeId: "e1",
    transportNeeded: false,
    rideBookedAt: null,
    reminder24SentAt: null,
    reminder2SentAt: null,
    patient: { optedOut: false, timeZone: "America/New_York" },
    slot: null,
    ...over,
  };
}

const slot = (
  over: Partial<{ address: string; parking: string; building: string; name: string; prep: string }> = {},
) => ({
  clinician: { name: over.name ?? "Dr. Maya Chen" },
  clinic: {
    address: over.address ?? "200 River Street, Springfield",
    timeZone: "America/Chicago",
    parkingNotes: over.parking ?? "Free parking in lot C",
    buildingNotes: over.building ?? "Enter by the north door, 2nd floor",
    prepNotes: over.prep ?? "",
  },
});

function render(a: LoadedAppointment, which: "24h" | "2h", language: "EN" | "ES") {
  const text = reminderText(a, which, "k");
  if (!text.template || text.template === "checkin.question") throw new Error("template expected");
  return renderTemplateChecked(text.template, language, COMMON, text.vars, a.patient.timeZone);
}

describe("reminder texts", () => {
  it("24 h: time in the clinic's zone, clinician, address, preparation, YES / R", () => {
    const text = render(appointment({ slot: slot() }), "24h", "EN");
    expect(text).toContain("Wednesday, September 30 at 11:00 AM with Dr. Maya Chen, 200 River Street");
    expect(text).toContain("Bring all your medicines and discharge papers.");
    expect(text).toContain("Reply YES to confirm or R to change the time.");
    expect(render(appointment({ slot: slot() }), "24h", "ES")).toContain(
      "Responda SI para confirmar o R para cambiar la hora.",
    );
  });

  it("24 h: the clinic's own preparation notes take the place of the standard sentence", () => {
    const prep = "Fast from midnight and bring your glucose log";
    const text = render(appointment({ slot: slot({ prep }) }), "24h", "EN");
    expect(text).toContain(`200 River Street, Springfield. ${prep}. Reply YES`);
    expect(text).not.toContain("Bring all your medicines");
    expect(render(appointment({ slot: slot({ prep: `${prep}.` }) }), "24h", "ES")).toContain(
      `${prep}. Responda SI`,
    );
  });

  it("2 h: parking and building notes; a typed-in location works with what it has", () => {
    expect(render(appointment({ slot: slot() }), "2h", "EN")).toContain(
      "Parking: Free parking in lot C. Enter by the north door, 2nd floor.",
    );
    const typed = render(appointment(), "24h", "EN");
    expect(typed).toContain("12:00 PM, Clinic B, 2nd floor.");
    expect(render(appointment(), "2h", "ES")).not.toContain("Estacionamiento");
  });

  it("says a ride is arranged only once staff booked it", () => {
    const needs = appointment({ slot: slot(), transportNeeded: true });
    expect(render(needs, "24h", "EN")).not.toContain("ride");
    const booked = { ...needs, rideBookedAt: AT };
    expect(render(booked, "24h", "EN")).toContain("A ride is being arranged for you.");
    expect(render(booked, "2h", "ES")).toContain("Le organizamos el transporte.");
  });

  it.each(["EN", "ES"] as const)("stays within two SMS segments with the longest details (%s)", (lang) => {
    const worst = appointment({
      transportNeeded: true,
      rideBookedAt: AT,
      slot: slot({
        address: long(200),
        parking: long(200),
        building: long(200),
        name: long(80),
        prep: "y".repeat(500),
      }),
    });
    expect(render(worst, "24h", lang).length).toBeLessThanOrEqual(320);
    // The preparation notes get what room is left, shortened with an ellipsis.
    expect(render(worst, "24h", lang)).toMatch(/y{30,}…/);
    expect(render(worst, "2h", lang).length).toBeLessThanOrEqual(320);
  });
});
