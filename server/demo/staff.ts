import type { Db } from "../db/client.js";
import { createShift } from "../services/admin/shifts.js";
import { createStaff } from "../services/admin/staff.js";

export const DEMO_PASSWORD = "sequora-demo";

// Pager numbers are fictional too (202-555-0190..); the admin has none (pages are for the floor).
export const DEMO_STAFF = [
  {
    email: "ana.nurse@sequora.test",
    name: "Ana Brooks",
    role: "NURSE",
    languages: ["EN"],
    phone: "+12025550190",
  },
  {
    email: "luis.nurse@sequora.test",
    name: "Luis Ortega",
    role: "NURSE",
    languages: ["EN", "ES"],
    phone: "+12025550191",
  },
  {
    email: "grace.nurse@sequora.test",
    name: "Grace Kim",
    role: "NURSE",
    languages: ["EN"],
    phone: "+12025550192",
  },
  {
    email: "sam.supervisor@sequora.test",
    name: "Sam Patel",
    role: "SUPERVISOR",
    languages: ["EN"],
    phone: "+12025550193",
  },
  { email: "alex.admin@sequora.test", name: "Alex Morgan", role: "ADMIN", languages: ["EN"], phone: null },
] as const;

const DAY = 86_400_000;
const WEEK = 7 * DAY;

/**
 * The demo staff, through the admin's own services; the nurses on call from `from` for the next
 * `aheadMs` in week-long shifts (the longest the roster allows). Creates only what is missing, so
 * a start interrupted half-way completes it. Returns how many accounts were created.
 */
export async function ensureDemoStaff(db: Db, roster: { from: Date; until: Date }): Promise<number> {
  let created = 0;
  for (const s of DEMO_STAFF) {
    const existing = await db.user.findUnique({ where: { email: s.email }, select: { id: true } });
    if (existing) continue;
    await createStaff(db, {
      data: {
        email: s.email,
        name: s.name,
        role: s.role,
        languages: [...s.languages],
        phone: s.phone,
        capacity: 12,
        active: true,
      },
      password: DEMO_PASSWORD,
    });
    created++;
  }
  const nurses = await db.user.findMany({
    where: { email: { in: DEMO_STAFF.filter((s) => s.role === "NURSE").map((s) => s.email) } },
    select: { id: true, _count: { select: { shifts: true } } },
  });
  for (const nurse of nurses) {
    if (nurse._count.shifts > 0) continue;
    // One transaction per nurse: a roster is either whole or absent.
    await db.$transaction(async (tx) => {
      for (let at = roster.from.getTime(); at < roster.until.getTime(); at += WEEK) {
        await createShift(tx as Db, {
          userId: nurse.id,
          startsAt: new Date(at),
          endsAt: new Date(Math.min(at + WEEK, roster.until.getTime())),
        });
      }
    });
  }
  return created;
}
