import type { Db, Language } from "../../db/client.js";
import { now } from "../../lib/clock.js";
import { AppError, notFound } from "../../lib/errors.js";
import { regenerateSlots } from "./slots.js";

export interface ClinicInput {
  name: string;
  address: string;
  phone: string;
  parkingNotes: string;
  buildingNotes: string;
  prepNotes: string;
  timeZone: string;
  holidays: string[];
  active: boolean;
}

export interface ClinicianInput {
  clinicId: string;
  name: string;
  languages: Language[];
  visitTypes: string[];
  active: boolean;
}

export interface AvailabilityInput {
  clinicianId: string;
  rules: {
    weekdays: number[];
    startMinute: number;
    endMinute: number;
    slotMinutes: number;
    bufferMinutes: number;
  }[];
  exceptions: { date: string; reason: string }[];
}

const CLINICIAN_SELECT = {
  id: true,
  clinicId: true,
  name: true,
  languages: true,
  visitTypes: true,
  active: true,
  rules: {
    select: {
      id: true,
      weekdays: true,
      startMinute: true,
      endMinute: true,
      slotMinutes: true,
      bufferMinutes: true,
    },
    orderBy: { startMinute: "asc" },
  },
  exceptions: { select: { date: true, reason: true }, orderBy: { date: "asc" } },
} as const;

/** Every clinic with its clinicians, their availability and how many free slots lie ahead. */
export async function listClinics(db: Db) {
  const clinics = await db.clinic.findMany({
    orderBy: { name: "asc" },
    select: {
      id: true,
      name: true,
      address: true,
      phone: true,
      parkingNotes: true,
      buildingNotes: true,
      prepNotes: true,
      timeZone: true,
      holidays: true,
      active: true,
      clinicians: { select: CLINICIAN_SELECT, orderBy: { name: "asc" } },
    },
  });
  const counts = await db.slot.groupBy({
    by: ["clinicianId", "status"],
    where: { startsAt: { gte: now() } },
    _count: { _all: true },
  });
  const countOf = (clinicianId: string, status: string) =>
    counts.find((c) => c.clinicianId === clinicianId && c.status === status)?._count._all ?? 0;
  return clinics.map((c) => ({
    ...c,
    clinicians: c.clinicians.map((k) => ({
      ...k,
      upcoming: { free: countOf(k.id, "FREE"), held: countOf(k.id, "HELD"), booked: countOf(k.id, "BOOKED") },
    })),
  }));
}

export async function createClinic(db: Db, data: ClinicInput) {
  return db.clinic.create({ data, select: { id: true } });
}

/** A changed time zone or holiday list moves every clinician's future free slots. */
export async function updateClinic(db: Db, input: { id: string; data: ClinicInput; weeks: number }) {
  const found = await db.clinic.findUnique({ where: { id: input.id }, select: { id: true } });
  if (!found) throw notFound("Clinic");
  await db.clinic.update({ where: { id: input.id }, data: input.data });
  const clinicians = await db.clinician.findMany({ where: { clinicId: input.id }, select: { id: true } });
  for (const c of clinicians) await regenerateSlots(db, { clinicianId: c.id, weeks: input.weeks });
  return { id: input.id };
}

export async function createClinician(db: Db, data: ClinicianInput) {
  const clinic = await db.clinic.findUnique({ where: { id: data.clinicId }, select: { id: true } });
  if (!clinic) throw notFound("Clinic");
  return db.clinician.create({ data, select: { id: true } });
}

export async function updateClinician(
  db: Db,
  input: { id: string; data: Omit<ClinicianInput, "clinicId">; weeks: number },
) {
  const found = await db.clinician.findUnique({ where: { id: input.id }, select: { id: true } });
  if (!found) throw notFound("Clinician");
  await db.clinician.update({ where: { id: input.id }, data: input.data });
  await regenerateSlots(db, { clinicianId: input.id, weeks: input.weeks });
  return { id: input.id };
}

/**
 * Replaces a clinician's weekly rules and days off, then regenerates their future free slots
 * (held and booked ones stay where they are).
 */
export async function setAvailability(db: Db, input: AvailabilityInput & { weeks: number }) {
  for (const r of input.rules) {
    if (r.endMinute <= r.startMinute) throw new AppError("INVALID_INPUT", "A block must end after it starts");
    if (r.startMinute + r.slotMinutes > r.endMinute)
      throw new AppError("INVALID_INPUT", "A block must hold at least one visit");
  }
  const found = await db.clinician.findUnique({ where: { id: input.clinicianId }, select: { id: true } });
  if (!found) throw notFound("Clinician");
  await db.$transaction(async (tx) => {
    await tx.availabilityRule.deleteMany({ where: { clinicianId: input.clinicianId } });
    await tx.availabilityException.deleteMany({ where: { clinicianId: input.clinicianId } });
    await tx.availabilityRule.createMany({
      data: input.rules.map((r) => ({ ...r, clinicianId: input.clinicianId })),
    });
    const dates = new Map(input.exceptions.map((e) => [e.date, e.reason]));
    await tx.availabilityException.createMany({
      data: [...dates].map(([date, reason]) => ({ clinicianId: input.clinicianId, date, reason })),
    });
  });
  return regenerateSlots(db, { clinicianId: input.clinicianId, weeks: input.weeks });
}
