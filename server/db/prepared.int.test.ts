import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase } from "../../test/db.js";
import { createDb, type Db } from "./client.js";

// Prisma's statements are prepared on their connection from their second use on (client.ts).
let test: Awaited<ReturnType<typeof createTestDatabase>>;
let db: Db;

beforeAll(async () => {
  test = await createTestDatabase();
  // One connection, so the session that prepared is the one asked.
  db = createDb(test.url, { max: 1 });
});
afterAll(async () => {
  await db?.$disconnect();
  await test?.drop();
});

const preparedApp = async () =>
  Number(
    (
      await db.$queryRawUnsafe<{ n: bigint }[]>(
        "SELECT count(*) AS n FROM pg_prepared_statements WHERE name LIKE 'app\\_%'",
      )
    )[0]!.n,
  );

describe("prepared statements on Prisma's pool", () => {
  it("prepares a query from its second use and answers the same from it", async () => {
    const before = await preparedApp();
    const created = await db.patient.create({
      data: { mrn: "PREP-1", firstName: "Ada", lastName: "Prepared", phone: "+13035550199" },
      select: { id: true },
    });
    const read = () => db.patient.findUnique({ where: { id: created.id }, select: { mrn: true } });
    expect(await read()).toEqual({ mrn: "PREP-1" });
    const afterFirst = await preparedApp();
    expect(await read()).toEqual({ mrn: "PREP-1" });
    expect(await preparedApp()).toBe(afterFirst + 1);
    expect(await read()).toEqual({ mrn: "PREP-1" });
    expect(await preparedApp()).toBe(afterFirst + 1);
    expect(afterFirst).toBeGreaterThanOrEqual(before);
  });

  it("a unique violation inside a transaction rolls back and the prepared query keeps working", async () => {
    const make = (mrn: string) =>
      db.patient.create({ data: { mrn, firstName: "B", lastName: "C", phone: `+1303555${mrn.slice(-4)}` } });
    await make("PREP-0002");
    await make("PREP-0003");
    await expect(
      db.$transaction(async (tx) => {
        await tx.patient.update({ where: { mrn: "PREP-0002" }, data: { firstName: "Changed" } });
        await tx.patient.create({
          data: { mrn: "PREP-0003", firstName: "B", lastName: "C", phone: "+13035559999" },
        });
      }),
    ).rejects.toMatchObject({ code: "P2002" });
    const row = await db.patient.findUnique({ where: { mrn: "PREP-0002" }, select: { firstName: true } });
    expect(row).toEqual({ firstName: "B" });
    await make("PREP-0004");
    expect(await db.patient.count({ where: { mrn: { startsWith: "PREP-" } } })).toBe(4);
  });
});
