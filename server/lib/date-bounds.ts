import { z } from "zod";

const DAY = 24 * 60 * 60 * 1000;
/** How far ahead anything may be scheduled (appointments, on-call shifts). */
export const MAX_AHEAD_MS = 2 * 365 * DAY;

// Every date a person types passes through one of these: a typo like year 275760 (which
// JavaScript and Postgres both accept) is refused at the boundary with a plain message.
const EARLIEST = new Date("2000-01-01T00:00:00Z");
const LATEST = new Date("2100-01-01T00:00:00Z");

/** A date in 2000..2099; relative rules (in the future, within the episode) live in the services. */
export const boundedDate = (what: string) =>
  z.coerce
    .date({ error: `${what} must be a date` })
    .min(EARLIEST, `${what} must be after 2000`)
    .max(LATEST, `${what} must be before 2100`);

/** Same bounds for a Date the SPA sends as a Date (superjson), not coerced from a string. */
export const boundedDateValue = (what: string) =>
  z
    .date({ error: `${what} must be a date` })
    .min(EARLIEST, `${what} must be after 2000`)
    .max(LATEST, `${what} must be before 2100`);
