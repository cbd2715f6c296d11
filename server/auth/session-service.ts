import { createHash, randomBytes } from "node:crypto";
import type { Db, UserRole } from "../db/client.js";
import { wallClockNow } from "../lib/clock.js";
import { AppError } from "../lib/errors.js";
import { hashPassword, verifyPassword } from "./password.js";

export const SESSION_COOKIE = "sequora_session";
const SESSION_TTL_MS = 12 * 60 * 60 * 1000; // one shift plus margin

export interface SessionUser {
  id: string;
  email: string;
  name: string;
  role: UserRole;
  languages: string[];
  /** After an admin's reset: the session may only change its password (server/trpc/trpc.ts). */
  mustChangePassword: boolean;
}

export const sessionIdFor = (token: string) => createHash("sha256").update(token).digest("hex");

// Verified against a throwaway hash when the e-mail is unknown, so response time does not
// reveal which addresses have accounts.
let dummyHash: Promise<string> | undefined;

export async function signIn(
  db: Db,
  input: { email: string; password: string },
): Promise<{ token: string; expiresAt: Date; user: SessionUser }> {
  const user = await db.user.findUnique({
    where: { email: input.email.trim().toLowerCase() },
    select: {
      id: true,
      email: true,
      name: true,
      role: true,
      languages: true,
      mustChangePassword: true,
      passwordHash: true,
      active: true,
    },
  });
  dummyHash ??= hashPassword("not-a-real-password");
  const ok = await verifyPassword(input.password, user?.passwordHash ?? (await dummyHash));
  if (!user || !ok || !user.active) throw new AppError("UNAUTHORIZED", "Email or password is incorrect");
  const token = randomBytes(32).toString("base64url");
  const expiresAt = new Date(wallClockNow().getTime() + SESSION_TTL_MS);
  await db.session.create({ data: { id: sessionIdFor(token), userId: user.id, expiresAt } });
  const { passwordHash: _hash, active: _active, ...publicUser } = user;
  return { token, expiresAt, user: publicUser };
}

export async function userForSession(db: Db, token: string | undefined): Promise<SessionUser | null> {
  if (!token) return null;
  const session = await db.session.findUnique({
    where: { id: sessionIdFor(token) },
    select: {
      expiresAt: true,
      user: {
        select: {
          id: true,
          email: true,
          name: true,
          role: true,
          languages: true,
          mustChangePassword: true,
          active: true,
        },
      },
    },
  });
  if (!session || session.expiresAt <= wallClockNow() || !session.user.active) return null;
  const { active: _active, ...user } = session.user;
  return user;
}

export async function signOut(db: Db, token: string | undefined): Promise<void> {
  if (!token) return;
  await db.session.deleteMany({ where: { id: sessionIdFor(token) } });
}
