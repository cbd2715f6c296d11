// The e2e server is a fresh demo: its first start plays the demo hospital's past week in the
// background after it answers /healthz. The journeys move the clock and read lanes and queues,
// so they start once that history is played.
import { readFileSync } from "node:fs";
import { createDb } from "../server/db/client.js";
import { demoStage } from "../server/demo/index.js";

export default async function waitForDemoHistory(): Promise<void> {
  const password = readFileSync(".data/e2e/postgres-password", "utf8").trim();
  const db = createDb(
    `postgresql://postgres:${password}@127.0.0.1:${process.env.E2E_PG_PORT ?? 54341}/sequora`,
    { max: 1 },
  );
  const started = Date.now();
  try {
    while ((await demoStage(db)) === "BUILD") {
      if (Date.now() - started > 600_000) throw new Error("the demo history did not finish in 10 minutes");
      await new Promise((r) => setTimeout(r, 1_000));
    }
  } finally {
    await db.$disconnect();
  }
}
