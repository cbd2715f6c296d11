import type { Db } from "../db/client.js";
import { signOut } from "./session-service.js";
import { recordAudit } from "./sign-in-guard.js";

/** Ends the session behind the cookie and, for a signed-in user, puts the sign-out on the audit trail. */
export async function signOutUser(
  db: Db,
  opts: { token: string | undefined; user: { id: string; email: string } | null; ip: string },
): Promise<void> {
  await signOut(db, opts.token);
  if (opts.user)
    await recordAudit(db, { action: "SIGN_OUT", userId: opts.user.id, email: opts.user.email, ip: opts.ip });
}
