import type { Db } from "../../db/client.js";
import { now } from "../../lib/clock.js";
import { overlaps, type PlannedSlot, planSlots } from "./slot-plan.js";

const WEEK_MS = 7 * 86_400_000;

export interface RegenerateResult {
  created: number;
  removed: number;
}

/**
 * Brings a clinician's future FREE slots in line with their rules, days off and the clinic's
 * holidays, from `from` for `weeks`. HELD and BOOKED slots are never touched: a planned slot that
 * would overlap one is simply not created. Idempotent (the unique (clinician, start) pair).
 */
export async function regenerateSlots(
  db: Db,
  input: { clinicianId: string; from?: Date; weeks: number },
): Promise<RegenerateResult> {
  const from = input.from ?? now();
  const to = new Date(from.getTime() + input.weeks * WEEK_MS);
  const clinician = await db.clinician.findUnique({
    where: { id: input.clinicianId },
    select: {
      id: true,
      clinicId: true,
      active: true,
      clinic: { select: { timeZone: true, holidays: true, active: true } },
      rules: {
        select: {
          weekdays: true,
          startMinute: true,
          endMinute: true,
          slotMinutes: true,
          bufferMinutes: true,
        },
      },
      exceptions: { select: { date: true } },
    },
  });
  if (!clinician) return { created: 0, removed: 0 };
  const planned =
    clinician.active && clinician.clinic.active
      ? planSlots({
          rules: clinician.rules,
          daysOff: [...clinician.clinic.holidays, ...clinician.exceptions.map((e) => e.date)],
          timeZone: clinician.clinic.timeZone,
          from,
          to,
        })
      : [];
  return db.$transaction(async (tx) => {
    const existing = await tx.slot.findMany({
      where: { clinicianId: clinician.id, startsAt: { gte: from } },
      select: { id: true, startsAt: true, endsAt: true, status: true },
    });
    const same = (a: PlannedSlot, b: PlannedSlot) =>
      a.startsAt.getTime() === b.startsAt.getTime() && a.endsAt.getTime() === b.endsAt.getTime();
    const stale = existing.filter(
      (s) => s.status === "FREE" && (s.startsAt >= to ? false : !planned.some((p) => same(p, s))),
    );
    const taken = existing.filter((s) => s.status !== "FREE");
    const keptFree = existing.filter((s) => s.status === "FREE" && !stale.includes(s));
    const fresh = planned.filter(
      (p) => !keptFree.some((s) => same(p, s)) && !taken.some((s) => overlaps(p, s)),
    );
    if (stale.length)
      await tx.slot.deleteMany({ where: { id: { in: stale.map((s) => s.id) }, status: "FREE" } });
    const created = fresh.length
      ? await tx.slot.createMany({
          data: fresh.map((p) => ({ clinicId: clinician.clinicId, clinicianId: clinician.id, ...p })),
          skipDuplicates: true,
        })
      : { count: 0 };
    return { created: created.count, removed: stale.length };
  });
}

/**
 * The nightly run: every clinician's slots for the coming weeks, and unbooked slots already past
 * removed (a past FREE or HELD slot can never be booked). Safe to run any number of times.
 */
export async function generateAllSlots(db: Db, input: { at?: Date; weeks: number }) {
  const at = input.at ?? now();
  const clinicians = await db.clinician.findMany({ select: { id: true }, orderBy: { id: "asc" } });
  let created = 0;
  let removed = 0;
  for (const c of clinicians) {
    const r = await regenerateSlots(db, { clinicianId: c.id, from: at, weeks: input.weeks });
    created += r.created;
    removed += r.removed;
  }
  const past = await db.slot.deleteMany({
    where: { startsAt: { lt: at }, status: { in: ["FREE", "HELD"] } },
  });
  return { clinicians: clinicians.length, created, removed, pastRemoved: past.count };
}

/** Free slots for a picker: soonest first, optionally one clinic, clinician or spoken language. */
export async function listFreeSlots(
  db: Db,
  input: {
    from?: Date;
    to?: Date | undefined;
    days?: number | undefined;
    clinicId?: string;
    clinicianId?: string;
    language?: "EN" | "ES";
    limit: number;
  },
) {
  const from = input.from && input.from > now() ? input.from : now();
  return db.slot.findMany({
    where: {
      status: "FREE",
      startsAt: { gte: from, lt: input.to ?? new Date(now().getTime() + (input.days ?? 14) * 86_400_000) },
      ...(input.clinicId ? { clinicId: input.clinicId } : {}),
      ...(input.clinicianId ? { clinicianId: input.clinicianId } : {}),
      clinician: { active: true, ...(input.language ? { languages: { has: input.language } } : {}) },
      clinic: { active: true },
    },
    orderBy: [{ startsAt: "asc" }, { id: "asc" }],
    take: input.limit,
    select: {
      id: true,
      startsAt: true,
      endsAt: true,
      clinician: { select: { id: true, name: true, languages: true } },
      clinic: { select: { id: true, name: true, timeZone: true } },
    },
  });
}
