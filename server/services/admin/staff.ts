import { hashPassword } from "../../auth/password.js";
import type { Db, Language, UserRole } from "../../db/client.js";
import { AppError, notFound } from "../../lib/errors.js";

export interface StaffInput {
  email: string;
  name: string;
  role: UserRole;
  languages: Language[];
  capacity: number;
  phone?: string | null;
  active: boolean;
}

const STAFF_SELECT = {
  id: true,
  email: true,
  name: true,
  role: true,
  languages: true,
  capacity: true,
  phone: true,
  active: true,
  createdAt: true,
} as const;

export async function listStaff(db: Db) {
  const users = await db.user.findMany({
    orderBy: [{ active: "desc" }, { name: "asc" }],
    select: {
      ...STAFF_SELECT,
      _count: { select: { assignedTasks: { where: { status: { in: ["OPEN", "IN_PROGRESS"] } } } } },
    },
  });
  return users.map(({ _count, ...u }) => ({ ...u, openTasks: _count.assignedTasks }));
}

export async function createStaff(db: Db, opts: { data: StaffInput; password: string }) {
  const email = opts.data.email.toLowerCase();
  if (await db.user.findUnique({ where: { email }, select: { id: true } })) {
    throw new AppError("CONFLICT", "Someone already uses that email");
  }
  return db.user.create({
    data: { ...opts.data, email, passwordHash: await hashPassword(opts.password) },
    select: STAFF_SELECT,
  });
}

/**
 * Deactivating someone keeps their history (notes, events) but stops new assignments; their
 * sessions end at once so a departed user cannot keep working from an open tab.
 */
export async function updateStaff(db: Db, opts: { id: string; data: Partial<StaffInput>; actorId: string }) {
  const existing = await db.user.findUnique({ where: { id: opts.id }, select: { id: true, role: true } });
  if (!existing) throw notFound("Staff member");
  if (
    opts.id === opts.actorId &&
    (opts.data.active === false || (opts.data.role && opts.data.role !== "ADMIN"))
  ) {
    throw new AppError("INVALID_INPUT", "You cannot deactivate yourself or remove your own admin role");
  }
  const data = { ...opts.data, ...(opts.data.email ? { email: opts.data.email.toLowerCase() } : {}) };
  return db.$transaction(async (tx) => {
    if (data.email) {
      const clash = await tx.user.findUnique({ where: { email: data.email }, select: { id: true } });
      if (clash && clash.id !== opts.id) throw new AppError("CONFLICT", "Someone already uses that email");
    }
    const user = await tx.user.update({ where: { id: opts.id }, data, select: STAFF_SELECT });
    if (data.active === false) await tx.session.deleteMany({ where: { userId: opts.id } });
    return user;
  });
}
