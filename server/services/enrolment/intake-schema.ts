import { z } from "zod";
import { Language, Protocol } from "../../db/client.js";
import { medicationClassSchema } from "../../domain/index.js";
import { boundedDate } from "../../lib/date-bounds.js";

const E164 = /^\+[1-9]\d{7,14}$/;

function isTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

/** One discharge, as typed in the form or read from a CSV row. */
export const dischargeSchema = z.object({
  firstName: z.string().trim().min(1, "First name is required").max(80),
  lastName: z.string().trim().min(1, "Last name is required").max(80),
  mrn: z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9-]{3,32}$/, "MRN must be 3-32 letters, digits or dashes"),
  phone: z
    .string()
    .trim()
    .transform((p) => p.replace(/[\s().-]/g, ""))
    .pipe(z.string().regex(E164, "Phone must be in E.164 form, e.g. +12025550123")),
  preferredLanguage: z.enum(Language).default("EN"),
  timeZone: z.string().trim().default("America/New_York").refine(isTimeZone, "Unknown time zone"),
  protocol: z.enum(Protocol),
  dischargedAt: boundedDate("Discharge time"),
  hospitalName: z.string().trim().min(1).max(120).optional(),
  highRiskMedClasses: z.array(medicationClassSchema).max(3).default([]),
});

export type DischargeInput = z.input<typeof dischargeSchema>;
export type Discharge = z.output<typeof dischargeSchema>;
