import type pg from "pg";
import { hashPassword } from "../../server/auth/password.js";
import type { Db } from "../../server/db/client.js";

const HOUR = 3_600_000;

/** A supervisor (who also works the visit requests) and `nurses` nurses on shift for 90 days. */
export async function createStaff(db: Db, nurses: number, at: Date): Promise<{ supervisorId: string }> {
  const passwordHash = await hashPassword("simulation-only");
  const sup = await db.user.create({
    data: { email: "sup@sim.test", name: "Sim Supervisor", role: "SUPERVISOR", passwordHash },
    select: { id: true },
  });
  for (let i = 0; i < nurses; i++) {
    await db.user.create({
      data: {
        email: `nurse${i}@sim.test`,
        name: `Sim Nurse ${i}`,
        role: "NURSE",
        languages: i % 3 === 0 ? ["EN", "ES"] : ["EN"],
        capacity: 60,
        passwordHash,
        shifts: {
          create: {
            startsAt: new Date(at.getTime() - 24 * HOUR),
            endsAt: new Date(at.getTime() + 90 * 24 * HOUR),
          },
        },
      },
    });
  }
  return { supervisorId: sup.id };
}

/** SIM_PROFILE=1: the database's busiest statements (pg_stat_statements). */
export async function busiestStatements(pool: pg.Pool): Promise<string> {
  const res = await pool.query<{ calls: string; total_ms: number; mean_ms: number; query: string }>(
    `SELECT calls, round(total_exec_time) AS total_ms, round(mean_exec_time::numeric, 3) AS mean_ms,
            left(regexp_replace(query, '\\s+', ' ', 'g'), 140) AS query
       FROM pg_stat_statements ORDER BY total_exec_time DESC LIMIT 25`,
  );
  const totals = await pool.query<{ statements: string; transactions: string }>(
    `SELECT sum(calls) AS statements, coalesce(sum(calls) FILTER (WHERE query ~* '^\\s*BEGIN'), 0) AS transactions
       FROM pg_stat_statements`,
  );
  const t = totals.rows[0]!;
  return [
    `statements ${Number(t.statements).toLocaleString("en-US")} (transactions ${Number(t.transactions).toLocaleString("en-US")})`,
    ...res.rows.map((r) => `${r.total_ms} ms\t${r.calls} calls\t${r.mean_ms} ms\t${r.query}`),
  ].join("\n");
}
