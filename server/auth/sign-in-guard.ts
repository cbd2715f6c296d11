import { RateLimiterMemory, RateLimiterRes } from "rate-limiter-flexible";
import type { AuditAction, Db } from "../db/client.js";
import { wallClockNow } from "../lib/clock.js";
import { AppError } from "../lib/errors.js";
import { logger } from "../lib/logger.js";
import { type SessionUser, signIn } from "./session-service.js";

// Brute-force defence. Per account: 5 wrong passwords in 15 minutes lock that account for 15
// minutes (a nurse who mistypes a few times is not locked out of a shift for long; a guesser gets
// 20 tries an hour). Per address: 20 failures in 15 minutes block that address for 15 minutes,
// which stops one machine spraying many accounts. Counters are per process (one app server).
const ACCOUNT = { points: 5, duration: 15 * 60, blockDuration: 15 * 60 };
const ADDRESS = { points: 20, duration: 15 * 60, blockDuration: 15 * 60 };

export interface SignInGuard {
  signIn(
    db: Db,
    input: { email: string; password: string; ip: string },
  ): Promise<{ token: string; expiresAt: Date; user: SessionUser }>;
}

export async function recordAudit(
  db: Db,
  row: { action: AuditAction; userId?: string | null; email?: string | null; ip?: string | null },
): Promise<void> {
  // Wall clock: audit timestamps must not follow the demo clock.
  await db.auditLog.create({
    data: {
      action: row.action,
      userId: row.userId ?? null,
      email: row.email ?? null,
      ip: row.ip ?? null,
      createdAt: wallClockNow(),
    },
  });
}

function lockedMessage(seconds: number): AppError {
  const minutes = Math.max(1, Math.ceil(seconds / 60));
  return new AppError(
    "RATE_LIMITED",
    `Too many failed sign-ins. Try again in ${minutes} minute${minutes === 1 ? "" : "s"}.`,
    { retryAfterSeconds: Math.max(1, Math.ceil(seconds)) },
  );
}

export function createSignInGuard(): SignInGuard {
  const byAccount = new RateLimiterMemory({ keyPrefix: "signin-account", ...ACCOUNT });
  const byAddress = new RateLimiterMemory({ keyPrefix: "signin-address", ...ADDRESS });

  const blockedFor = async (email: string, ip: string): Promise<number> => {
    const [account, address] = await Promise.all([byAccount.get(email), byAddress.get(ip)]);
    const waits = [
      account && account.consumedPoints > ACCOUNT.points ? account.msBeforeNext : 0,
      address && address.consumedPoints > ADDRESS.points ? address.msBeforeNext : 0,
    ];
    return Math.max(...waits) / 1000;
  };

  const countFailure = async (email: string, ip: string): Promise<number> => {
    const results = await Promise.allSettled([byAccount.consume(email), byAddress.consume(ip)]);
    const waits = results.map((r) =>
      r.status === "rejected" && r.reason instanceof RateLimiterRes ? r.reason.msBeforeNext : 0,
    );
    return Math.max(...waits) / 1000;
  };

  return {
    async signIn(db, input) {
      const email = input.email.trim().toLowerCase();
      const known = await db.user.findUnique({ where: { email }, select: { id: true } });
      const audit = (action: AuditAction) =>
        recordAudit(db, { action, userId: known?.id, email, ip: input.ip });
      const wait = await blockedFor(email, input.ip);
      if (wait > 0) {
        await audit("SIGN_IN_FAILED");
        logger.warn("sign-in refused: locked", { userId: known?.id ?? null });
        throw lockedMessage(wait);
      }
      try {
        const session = await signIn(db, { email, password: input.password });
        await byAccount.delete(email);
        await audit("SIGN_IN");
        return session;
      } catch (err) {
        if (!(err instanceof AppError) || err.code !== "UNAUTHORIZED") throw err;
        await audit("SIGN_IN_FAILED");
        const lockedFor = await countFailure(email, input.ip);
        logger.warn("sign-in failed", { userId: known?.id ?? null, locked: lockedFor > 0 });
        if (lockedFor > 0) throw lockedMessage(lockedFor);
        throw err;
      }
    },
  };
}

/** The app's guard: one per process, shared by every request. */
export const signInGuard = createSignInGuard();
