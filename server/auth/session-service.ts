import { createHash, randomBytes } from "node:crypto";
import { EventEmitter } from "node:events";
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

/** Idle timeout when none is configured (SESSION_IDLE_MINUTES). */
export const DEFAULT_IDLE_MS = 30 * 60 * 1000;
// Requests within this long of the last recorded activity do not write the session row again.
const TOUCH_EVERY_MS = 15_000;

// What a session carries about its user (plus `active`, checked and dropped).
const USER_SELECT = {
  id: true,
  email: true,
  name: true,
  role: true,
  languages: true,
  mustChangePassword: true,
  active: true,
} as const;

export const sessionIdFor = (token: string) => createHash("sha256").update(token).digest("hex");

/**
 * Tells long-lived connections (the /events stream) in this process that a session ended, so
 * they close at once; connections also re-check their session on every heartbeat.
 */
export const sessionEvents = new EventEmitter<{ ended: [sessionId: string] }>();
sessionEvents.setMaxListeners(0);

// Verified against a throwaway hash when the e-mail is unknown, so response time does not
// reveal which addresses have accounts.
let dummyHash: Promise<string> | undefined;

export async function signIn(
  db: Db,
  input: { email: string; password: string },
): Promise<{ token: string; expiresAt: Date; user: SessionUser }> {
  const user = await db.user.findUnique({
    where: { email: input.email.trim().toLowerCase() },
    select: { ...USER_SELECT, passwordHash: true },
  });
  dummyHash ??= hashPassword("not-a-real-password");
  const ok = await verifyPassword(input.password, user?.passwordHash ?? (await dummyHash));
  if (!user || !ok || !user.active) throw new AppError("UNAUTHORIZED", "Email or password is incorrect");
  const token = randomBytes(32).toString("base64url");
  const expiresAt = new Date(wallClockNow().getTime() + SESSION_TTL_MS);
  // Wall clock: the demo clock must not age or rejuvenate sessions.
  const at = wallClockNow();
  await db.session.create({ data: { id: sessionIdFor(token), userId: user.id, expiresAt, updatedAt: at } });
  const { passwordHash: _hash, active: _active, ...publicUser } = user;
  return { token, expiresAt, user: publicUser };
}

export interface ActiveSession {
  sessionId: string;
  user: SessionUser;
  /** When the session ends unless there is activity first (idle timeout or absolute expiry). */
  idleExpiresAt: Date;
  lastActiveAt: Date;
}

/**
 * A live session: not expired, not idle longer than `idleMs` (wall clock since the last recorded
 * activity), user still active. An idle session is deleted, so it cannot come back.
 */
export async function loadSession(
  db: Db,
  token: string | undefined,
  idleMs: number = DEFAULT_IDLE_MS,
): Promise<ActiveSession | null> {
  if (!token) return null;
  const sessionId = sessionIdFor(token);
  const session = await db.session.findUnique({
    where: { id: sessionId },
    select: {
      expiresAt: true,
      updatedAt: true,
      user: { select: USER_SELECT },
    },
  });
  const at = wallClockNow();
  if (!session || session.expiresAt <= at || !session.user.active) return null;
  if (session.updatedAt.getTime() + idleMs <= at.getTime()) {
    await db.session.deleteMany({ where: { id: sessionId } });
    sessionEvents.emit("ended", sessionId);
    return null;
  }
  const { active: _active, ...user } = session.user;
  const idleEnd = Math.min(session.updatedAt.getTime() + idleMs, session.expiresAt.getTime());
  return { sessionId, user, idleExpiresAt: new Date(idleEnd), lastActiveAt: session.updatedAt };
}

export async function userForSession(
  db: Db,
  token: string | undefined,
  idleMs: number = DEFAULT_IDLE_MS,
): Promise<SessionUser | null> {
  return (await loadSession(db, token, idleMs))?.user ?? null;
}

/** Records user activity (a mutation, or the SPA saying someone is at the keyboard). */
export async function touchSession(db: Db, session: ActiveSession, idleMs: number): Promise<Date> {
  const at = wallClockNow();
  if (at.getTime() - session.lastActiveAt.getTime() >= TOUCH_EVERY_MS) {
    await db.session.updateMany({ where: { id: session.sessionId }, data: { updatedAt: at } });
    session.lastActiveAt = at;
  }
  return new Date(session.lastActiveAt.getTime() + idleMs);
}

export async function signOut(db: Db, token: string | undefined): Promise<void> {
  if (!token) return;
  const sessionId = sessionIdFor(token);
  await db.session.deleteMany({ where: { id: sessionId } });
  sessionEvents.emit("ended", sessionId);
}
