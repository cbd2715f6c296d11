import { verifyPassword } from "../auth/password.js";
import type { Db } from "../db/client.js";
import { DEMO_PASSWORD, DEMO_STAFF } from "./staff.js";

/**
 * A database first run as the demo and later started with real settings still holds the demo
 * accounts, one of them an admin, with the password the README publishes. Outside demo mode those
 * still on that password are switched off (and their sessions ended); an admin can turn one back
 * on from the Staff page after resetting its password.
 */
export async function retireDemoAccounts(db: Db): Promise<number> {
  const candidates = await db.user.findMany({
    where: { email: { in: DEMO_STAFF.map((s) => s.email) }, active: true },
    select: { id: true, passwordHash: true },
  });
  const retired: string[] = [];
  for (const user of candidates) {
    if (await verifyPassword(DEMO_PASSWORD, user.passwordHash)) retired.push(user.id);
  }
  if (retired.length === 0) return 0;
  await db.$transaction(async (tx) => {
    await tx.user.updateMany({ where: { id: { in: retired } }, data: { active: false } });
    await tx.session.deleteMany({ where: { userId: { in: retired } } });
  });
  return retired.length;
}
