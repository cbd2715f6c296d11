// FHIR discharges per second through `POST /fhir/r4`: N sender connections (each waits for its
// answer before the next Bundle, as a FHIR client does) post transaction Bundles of new patients to
// the real route and use case on a fresh durable database. Unlike MLLP, the answer is given after
// the discharge was acted on (a transaction-response says what became of it), so this is the
// enrolment rate itself. The consent workflow's run start is stubbed (engine.bench.ts measures it).
import http from "node:http";
import type { AddressInfo } from "node:net";
import { loadavg } from "node:os";
import { createDb } from "../server/db/client.js";
import { startEmbeddedPostgres } from "../server/db/embedded-postgres.js";
import { migrate } from "../server/db/migrate.js";
import { jobs } from "../server/jobs/index.js";
import { fhirFeedRoute } from "../server/services/hospital-feed/fhir-feed.js";
import { dischargeTransaction } from "../test/fake-ehr/fhir-bundles.js";
import { freshDatabase, percentile } from "./engine-peers/measure.js";
import type { BenchResult } from "./types.js";

const DB_NAME = "sequora_bench_fhir";
const SENDERS = 8;
const TOKEN = "bench-fhir-sender-token-0123456789";

export async function run(): Promise<BenchResult[]> {
  const seconds = process.env.BENCH_QUICK === "1" ? 5 : 15;
  process.env.LOG_LEVEL ??= "warn";
  // BENCH_FHIR_PG_PORT moves the cluster when another local one holds the default port.
  const port = Number(process.env.BENCH_FHIR_PG_PORT ?? "54363");
  const pgHandle = await startEmbeddedPostgres({ dataDir: ".data/pg-bench-fhir", port });
  const url = await freshDatabase(pgHandle.adminUrl, DB_NAME);
  await migrate(url);
  const db = createDb(url, { max: 10 });
  const deps = { db, jobs: { ...jobs, enroll: async () => "bench-run" }, hospitalName: "Bench" };
  const route = fhirFeedRoute(deps, `bench:${TOKEN}`);
  const server = http.createServer((req, res) => {
    void route?.(req, res).then((handled) => {
      if (!handled) res.writeHead(404).end();
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/fhir/r4`;
  const loadAtStart = Math.round((loadavg()[0] ?? 0) * 10) / 10;
  try {
    const latencies: number[] = [];
    let failed = 0;
    let n = 0;
    const agent = new http.Agent({ keepAlive: true, maxSockets: SENDERS });
    const post = (body: string) =>
      new Promise<number>((resolve, reject) => {
        const req = http.request(
          base,
          {
            method: "POST",
            agent,
            headers: { "content-type": "application/fhir+json", authorization: `Bearer ${TOKEN}` },
          },
          (res) => {
            res.resume();
            res.on("end", () => resolve(res.statusCode ?? 0));
          },
        );
        req.on("error", reject);
        req.end(body);
      });
    // One Bundle first: the validator loads the R4 definitions once (about a second), not measured.
    const warm = dischargeTransaction({
      mrn: "F-warm",
      telecom: [{ system: "phone", value: "+14152999999" }],
    });
    await post(JSON.stringify(warm));
    const until = performance.now() + seconds * 1000;
    const start = performance.now();
    await Promise.all(
      Array.from({ length: SENDERS }, async () => {
        while (performance.now() < until) {
          const i = n++;
          const bundle = dischargeTransaction({
            mrn: `F-${i}`,
            telecom: [{ system: "phone", use: "mobile", value: `+1415${3_000_000 + i}` }],
            diagnoses: ["I50.9"],
          });
          const sent = performance.now();
          const status = await post(JSON.stringify(bundle));
          latencies.push(performance.now() - sent);
          if (status !== 200) failed++;
        }
      }),
    );
    const elapsed = (performance.now() - start) / 1000;
    agent.destroy();
    // Less the warm-up Bundle's.
    const enrolled = (await db.hospitalMessage.count({ where: { format: "FHIR", result: "ENROLLED" } })) - 1;
    latencies.sort((a, b) => a - b);
    const group = "fhir";
    const round = (v: number) => Math.round(v * 10) / 10;
    return [
      {
        group,
        name: `discharge Bundles answered per second (${SENDERS} senders, ${seconds}s)`,
        value: round(latencies.length / elapsed),
        unit: "/s",
      },
      { group, name: "answer p50", value: round(percentile(latencies, 50)), unit: "ms" },
      { group, name: "answer p95", value: round(percentile(latencies, 95)), unit: "ms" },
      { group, name: "answer p99", value: round(percentile(latencies, 99)), unit: "ms" },
      { group, name: "enrolled per second", value: round(enrolled / elapsed), unit: "/s" },
      { group, name: "not 200", value: failed, unit: "", goal: "= 0", ok: failed === 0 },
      { group, name: "host load average (1 min) at start", value: loadAtStart, unit: "" },
      { group, name: "host load average (1 min) at end", value: round(loadavg()[0] ?? 0), unit: "" },
    ];
  } finally {
    await new Promise((r) => server.close(r));
    await db.$disconnect();
    await pgHandle.stop();
  }
}
