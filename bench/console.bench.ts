// Console figures: initial JS of the built SPA, and the queue/board reads at hospital scale
// (10,000 open and 500,000 closed tasks). Run `npx vite build` first for the bundle figure.
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import pg from "pg";
import { seedDemo } from "../prisma/seed.js";
import { createDb, type Db } from "../server/db/client.js";
import { ensureDatabase, startEmbeddedPostgres } from "../server/db/embedded-postgres.js";
import { migrate } from "../server/db/migrate.js";
import { getSlaBoard } from "../server/services/board/sla-board.js";
import { listQueue } from "../server/services/tasks/list-queue.js";
import type { BenchResult } from "./types.js";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const DB_NAME = "sequora_bench_console";
const OPEN = 10_000;
const CLOSED = 500_000;
const RUNS = 60;

/** Gzipped bytes of what index.html loads before any route chunk: entry, preloads and CSS. */
function initialBundle(): BenchResult[] {
  const dist = path.join(ROOT, "dist/client");
  const html = path.join(dist, "index.html");
  if (!existsSync(html)) return [];
  const files = [...readFileSync(html, "utf8").matchAll(/(?:src|href)="\/?(assets\/[^"]+\.(js|css))"/g)];
  let js = 0;
  let css = 0;
  for (const [, file, ext] of files) {
    const gz = gzipSync(readFileSync(path.join(dist, file ?? ""))).length;
    if (ext === "js") js += gz;
    else css += gz;
  }
  return [
    {
      group: "console",
      name: "initial JS (gzip)",
      value: js / 1024,
      unit: "KB",
      goal: "< 300 KB",
      ok: js < 300 * 1024,
    },
    { group: "console", name: "initial CSS (gzip)", value: css / 1024, unit: "KB" },
  ];
}

async function fill(url: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  // Synthetic rows straight in SQL: the ORM would take minutes for half a million tasks.
  await client.query(`
    INSERT INTO "EscalationTask" (id, "patientId", "episodeId", severity, priority, "primaryReason", "reasonCodes",
      status, "assigneeId", "slaWarnAt", "slaDueAt", "createdAt", "updatedAt", "resolvedAt", disposition)
    SELECT 'bench_' || g, p.id, e.id,
      (ARRAY['ROUTINE','URGENT','EMERGENT'])[1 + g % 3]::"Severity",
      (ARRAY['NORMAL','HIGH','URGENT'])[1 + g % 3]::"TaskPriority",
      'PATIENT_MESSAGE', ARRAY['PATIENT_MESSAGE'],
      CASE WHEN g <= ${OPEN} THEN (CASE WHEN g % 2 = 0 THEN 'OPEN' ELSE 'IN_PROGRESS' END) ELSE 'RESOLVED' END::"TaskStatus",
      CASE WHEN g % 4 = 0 THEN NULL ELSE u.id END,
      now() + ((g % 600) - 300) * interval '1 minute',
      now() + ((g % 600) - 240) * interval '1 minute',
      now() - (g % 43200) * interval '1 minute', now(),
      CASE WHEN g > ${OPEN} THEN now() - (g % 40000) * interval '1 minute' END,
      CASE WHEN g > ${OPEN} THEN 'ADVICE_GIVEN'::"Disposition" END
    FROM generate_series(1, ${OPEN + CLOSED}) g
    CROSS JOIN LATERAL (SELECT id FROM "Patient" ORDER BY id LIMIT 1 OFFSET g % 10) p
    CROSS JOIN LATERAL (SELECT id FROM "Episode" WHERE "patientId" = p.id LIMIT 1) e
    CROSS JOIN LATERAL (SELECT id FROM "User" WHERE role = 'NURSE' ORDER BY id LIMIT 1 OFFSET g % 3) u`);
  await client.query(`ANALYZE "EscalationTask"`);
  await client.end();
}

async function p95(fn: () => Promise<unknown>): Promise<number> {
  for (let i = 0; i < 5; i++) await fn();
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t0 = performance.now();
    await fn();
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  return times[Math.ceil(0.95 * times.length) - 1] ?? Number.NaN;
}

export async function run(): Promise<BenchResult[]> {
  const results = initialBundle();
  const pgServer = await startEmbeddedPostgres({
    dataDir: path.join(ROOT, ".data/bench-console"),
    port: 54352,
    throwaway: true,
  });
  let db: Db | undefined;
  try {
    const admin = new pg.Client({ connectionString: pgServer.adminUrl });
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS "${DB_NAME}" WITH (FORCE)`);
    await admin.end();
    await ensureDatabase(pgServer.adminUrl, DB_NAME);
    const url = pgServer.urlFor(DB_NAME);
    await migrate(url);
    db = createDb(url);
    await seedDemo(db, { hospitalName: "Bench Hospital" });
    await fill(url);
    const nurse = await db.user.findFirstOrThrow({ where: { role: "NURSE" } });
    const q = (filters: Parameters<typeof listQueue>[1]["filters"]) => () =>
      listQueue(db as Db, { userId: nurse.id, filters });
    const goal = { goal: "< 30 ms", unit: "ms" };
    const figures: [string, number][] = [
      ["queue p95, all open (first 500)", await p95(q({ scope: "all", limit: 500 }))],
      ["queue p95, mine", await p95(q({ scope: "mine", limit: 500 }))],
      [
        "queue p95, unassigned + HF + priority",
        await p95(q({ scope: "unassigned", protocol: ["HF"], priority: ["HIGH"], limit: 500 })),
      ],
    ];
    for (const [name, value] of figures)
      results.push({ group: "console", name, value, ...goal, ok: value < 30 });
    const board = await p95(() => getSlaBoard(db as Db, { limit: 2000 }));
    results.push({ group: "console", name: "SLA board p95 (2,000 open shown)", value: board, unit: "ms" });
    return results;
  } finally {
    await db?.$disconnect();
    await pgServer.stop();
  }
}
