import { hashPassword } from "../../auth/password.js";
import { newPasswordSchema, temporaryPassword } from "../../auth/password-policy.js";
import type { Db } from "../../db/client.js";
import { wallClockNow } from "../../lib/clock.js";
import { AppError } from "../../lib/errors.js";

export interface CreateAdminResult {
  outcome: "CREATED" | "RESET";
  /** Set when the password was generated here: shown once, to be changed at first sign-in. */
  generatedPassword?: string;
}

/**
 * The way into a real deployment, where no demo accounts exist: an operator with shell access
 * creates the first admin. Refuses when an active admin exists (an admin should add people in the
 * app) unless forced; forcing on an existing e-mail is the recovery path for a lost admin password.
 */
export async function createAdmin(
  db: Db,
  opts: { email: string; name: string; password?: string; force?: boolean },
): Promise<CreateAdminResult> {
  const email = opts.email.trim().toLowerCase();
  if (!opts.force && (await db.user.count({ where: { role: "ADMIN", active: true } })) > 0) {
    throw new AppError("CONFLICT", "An admin already exists: sign in as them, or pass --force");
  }
  if (opts.password !== undefined) {
    const checked = newPasswordSchema.safeParse(opts.password);
    if (!checked.success)
      throw new AppError("INVALID_INPUT", checked.error.issues[0]?.message ?? "Bad password");
  }
  const password = opts.password ?? temporaryPassword();
  const data = {
    name: opts.name,
    role: "ADMIN" as const,
    active: true,
    passwordHash: await hashPassword(password),
    // A generated password has been on a terminal screen: its owner replaces it at once.
    mustChangePassword: opts.password === undefined,
    passwordChangedAt: wallClockNow(),
  };
  const existing = await db.user.findUnique({ where: { email }, select: { id: true } });
  if (existing && !opts.force) throw new AppError("CONFLICT", "Someone already uses that email");
  const generated = opts.password === undefined ? { generatedPassword: password } : {};
  if (existing) {
    await db.$transaction(async (tx) => {
      await tx.user.update({ where: { id: existing.id }, data });
      await tx.session.deleteMany({ where: { userId: existing.id } });
    });
    return { outcome: "RESET", ...generated };
  }
  await db.user.create({ data: { email, ...data } });
  return { outcome: "CREATED", ...generated };
}
