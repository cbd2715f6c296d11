import type { Db } from "../db/client.js";
import { wallClockNow } from "../lib/clock.js";
import { AppError, notFound } from "../lib/errors.js";
import { hashPassword, verifyPassword } from "./password.js";
import { temporaryPassword } from "./password-policy.js";

/**
 * A signed-in user changes their own password. Every other session of theirs ends (a password
 * change is what someone does after suspecting a leak); the one they are using stays.
 */
export async function changePassword(
  db: Db,
  opts: { userId: string; currentSessionId: string; currentPassword: string; newPassword: string },
): Promise<void> {
  const user = await db.user.findUnique({
    where: { id: opts.userId },
    select: { passwordHash: true, active: true },
  });
  if (!user?.active) throw notFound("User");
  if (!(await verifyPassword(opts.currentPassword, user.passwordHash))) {
    throw new AppError("INVALID_INPUT", "The current password is not right");
  }
  if (opts.newPassword === opts.currentPassword) {
    throw new AppError("INVALID_INPUT", "Choose a password different from the current one");
  }
  const passwordHash = await hashPassword(opts.newPassword);
  await db.$transaction(async (tx) => {
    await tx.user.update({
      where: { id: opts.userId },
      data: { passwordHash, mustChangePassword: false, passwordChangedAt: wallClockNow() },
    });
    await tx.session.deleteMany({ where: { userId: opts.userId, id: { not: opts.currentSessionId } } });
  });
}

/**
 * An admin gives someone a temporary password, shown to the admin once and never stored in clear.
 * The person's sessions end at once, and the next sign-in can do nothing but choose a new one.
 */
export async function resetPassword(
  db: Db,
  opts: { userId: string; actorId: string },
): Promise<{ temporaryPassword: string }> {
  if (opts.userId === opts.actorId) {
    throw new AppError("INVALID_INPUT", "Change your own password from the user menu instead");
  }
  const user = await db.user.findUnique({ where: { id: opts.userId }, select: { id: true } });
  if (!user) throw notFound("Staff member");
  const password = temporaryPassword();
  const passwordHash = await hashPassword(password);
  await db.$transaction(async (tx) => {
    await tx.user.update({
      where: { id: opts.userId },
      data: { passwordHash, mustChangePassword: true, passwordChangedAt: wallClockNow() },
    });
    await tx.session.deleteMany({ where: { userId: opts.userId } });
  });
  return { temporaryPassword: password };
}
