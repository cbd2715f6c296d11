import type { Db } from "../../db/client.js";
import { now } from "../../lib/clock.js";
import { MAX_AHEAD_MS } from "../../lib/date-bounds.js";
import { AppError, notFound } from "../../lib/errors.js";

export interface ShiftInput {
  userId: string;
  startsAt: Date;
  endsAt: Date;
}

const SHIFT_SELECT = {
  id: true,
  startsAt: true,
  endsAt: true,
  user: { select: { id: true, name: true, languages: true, role: true } },
} as const;

/** Shifts that have not ended yet (plus the last day of past ones, for context). */
export async function listShifts(db: Db, opts: { includePastDays: number }) {
  const from = new Date(now().getTime() - opts.includePastDays * 24 * 60 * 60 * 1000);
  return db.onCallShift.findMany({
    where: { endsAt: { gt: from } },
    orderBy: [{ startsAt: "asc" }, { id: "asc" }],
    select: SHIFT_SELECT,
  });
}

async function validate(db: Db, input: ShiftInput) {
  if (input.endsAt <= input.startsAt) throw new AppError("INVALID_INPUT", "A shift must end after it starts");
  // One on-call block is at most a week; rosters are planned at most two years ahead or back.
  if (input.endsAt.getTime() - input.startsAt.getTime() > 7 * 24 * 60 * 60 * 1000)
    throw new AppError("INVALID_INPUT", "A shift can last at most 7 days");
  if (Math.abs(input.startsAt.getTime() - now().getTime()) > MAX_AHEAD_MS)
    throw new AppError("INVALID_INPUT", "A shift must start within two years of today");
  const user = await db.user.findUnique({
    where: { id: input.userId },
    select: { active: true, role: true },
  });
  if (!user) throw notFound("Staff member");
  if (!user.active) throw new AppError("INVALID_INPUT", "That staff member is inactive");
  if (user.role === "ADMIN") throw new AppError("INVALID_INPUT", "Only nurses and supervisors go on call");
}

export async function createShift(db: Db, input: ShiftInput) {
  await validate(db, input);
  return db.onCallShift.create({ data: input, select: SHIFT_SELECT });
}

export async function updateShift(db: Db, opts: { id: string; data: ShiftInput }) {
  const existing = await db.onCallShift.findUnique({ where: { id: opts.id }, select: { id: true } });
  if (!existing) throw notFound("Shift");
  await validate(db, opts.data);
  return db.onCallShift.update({ where: { id: opts.id }, data: opts.data, select: SHIFT_SELECT });
}

export async function deleteShift(db: Db, opts: { id: string }) {
  const deleted = await db.onCallShift.deleteMany({ where: { id: opts.id } });
  if (deleted.count === 0) throw notFound("Shift");
  return { ok: true as const };
}
