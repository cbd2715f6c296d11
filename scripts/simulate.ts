// `npm run simulate -- --patients N --days D`: synthetic patients with scripted replies run through
// the real tasks on the embedded engine; virtual time jumps straight to the next due wait, timeout
// or delayed run, the next task a nurse works and the front desk's next round (the first day's
// hourly discharges are events too), rounded up to the next `--resolution-minutes` (default 5) so
// events that close together are taken in one round (each at most that late). `--step-hours H`
// steps H hours instead. Cron slots passed over in a jump are skipped, not backfilled, as on the
// platform. Prints a report.
// Exit code 1 when a message was duplicated or a run failed (it doubles as an acceptance test).
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { createDb } from "../server/db/client.js";
import { ensureDatabase, startEmbeddedPostgres } from "../server/db/embedded-postgres.js";
import { migrate } from "../server/db/migrate.js";
import { nextEvent } from "../server/demo/engine-time.js";
import { PERSONAS, type Persona, PROTOCOLS } from "../server/demo/personas.js";
import { waitForQuiet } from "../server/demo/quiet.js";
import { createEngine } from "../server/engine/index.js";
import { jobs } from "../server/jobs/index.js";
import { wallClockNowMs } from "../server/lib/clock.js";
import { closeEngineStateSource } from "../server/services/alerts/index.js";
import { enrolPatient } from "../server/services/enrolment/index.js";
import { createSmsService, loadSmsConfig } from "../server/sms/index.js";
import { setUpClinics } from "./simulate/clinics.js";
import { createSimNurseBot } from "./simulate/nurse-bot.js";
import { createSimPatientBot } from "./simulate/patient-bot.js";
import { simulationReport } from "./simulate/report.js";
import { createFrontDeskBot, createSchedulerBot, nextVisitOver } from "./simulate/scheduler-bot.js";
import { busiestStatements, createStaff } from "./simulate/staff.js";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const HOUR = 3_600_000;

const { values } = parseArgs({
  options: {
    patients: { type: "string", default: "50" },
    days: { type: "string", default: "30" },
    "step-hours": { type: "string" },
    concurrency: { type: "string", default: "50" },
    "resolution-minutes": { type: "string", default: "5" },
    parallel: { type: "string", default: "8" },
  },
});
const N = Number(values.patients);
const DAYS = Number(values.days);
const STEP = values["step-hours"] === undefined ? 0 : Number(values["step-hours"]) * HOUR;
const RESOLUTION = Number(values["resolution-minutes"]) * 60_000;
// How many patients (or tasks, or requests) the bots work on at once.
const PARALLEL = Number(values.parallel);
if (!(N > 0 && DAYS > 0 && STEP >= 0 && RESOLUTION >= 1000 && PARALLEL >= 1))
  throw new Error(
    "usage: --patients N --days D [--step-hours H | --resolution-minutes M] [--concurrency C] [--parallel P]",
  );

async function main() {
  const wallStart = performance.now();
  // SIM_PG_PORT: a second simulation (another port, its own data folder) may run beside the first.
  const port = Number(process.env.SIM_PG_PORT ?? 54380);
  const dataDir = path.join(ROOT, process.env.SIM_PG_PORT ? `.data/simulate-${port}` : ".data/simulate");
  // SIM_PROFILE=1: the database's busiest statements are printed after the report.
  const profile = Boolean(process.env.SIM_PROFILE);
  const cluster = await startEmbeddedPostgres({
    dataDir,
    port,
    fresh: true,
    throwaway: true,
    ...(profile ? { extraFlags: ["-c", "shared_preload_libraries=pg_stat_statements"] } : {}),
  });
  await ensureDatabase(cluster.adminUrl, "sequora_sim");
  const url = cluster.urlFor("sequora_sim");
  await migrate(url);
  const db = createDb(url, { max: 20 });
  if (profile) await db.$executeRawUnsafe("CREATE EXTENSION IF NOT EXISTS pg_stat_statements");
  const secretKey = "tr_dev_simulation";
  Object.assign(process.env, { DATABASE_URL: url, TRIGGER_SECRET_KEY: secretKey, LOG_LEVEL: "warn" });
  const engine = await createEngine({
    databaseUrl: url,
    projectDir: ROOT,
    allowClockControl: true,
    wallClock: wallClockNowMs,
    secretKey,
    concurrency: Number(values.concurrency),
  });
  await engine.start();
  process.env.TRIGGER_API_URL = engine.apiUrl;
  const smsConfig = loadSmsConfig({});
  const sms = createSmsService({ db, config: smsConfig });

  const { supervisorId } = await createStaff(db, Math.max(3, Math.ceil(N / 40)), engine.clock.now());
  const clinics = await setUpClinics(db, N, engine.clock.now());
  const personas = new Map<string, Persona>();
  const start = engine.clock.now();
  // Patients are discharged (and enrolled at once, as in real life) across the first simulated day.
  const enrollDue = async (hour: number) => {
    for (let i = hour; i < N; i += 24) {
      const persona = PERSONAS[i % PERSONAS.length]!;
      const { patientId } = await enrolPatient(
        { db, jobs, hospitalName: "Simulation General" },
        {
          firstName: `Sim${i}`,
          lastName: "Patient",
          mrn: `SIM-${i}`,
          phone: `+1303555${String(i).padStart(4, "0")}`,
          preferredLanguage: persona === "SPANISH" ? "ES" : "EN",
          timeZone: ["America/New_York", "America/Chicago", "America/Denver", "America/Los_Angeles"][i % 4]!,
          protocol: PROTOCOLS[i % PROTOCOLS.length]!,
          dischargedAt: engine.clock.now(),
          highRiskMedClasses: i % 3 === 0 ? ["DIURETIC"] : [],
        },
      );
      personas.set(patientId, persona);
    }
  };
  let round = 0;
  const patientBot = createSimPatientBot({ db, sms, config: smsConfig, personas, parallel: PARALLEL });
  const clinicStaff = { db, sms, personas, staffId: supervisorId, parallel: PARALLEL };
  const schedulerBot = createSchedulerBot(clinicStaff);
  const frontDeskBot = createFrontDeskBot(clinicStaff);
  const nurseBot = createSimNurseBot({ db, parallel: PARALLEL });
  const end = start.getTime() + (DAYS + 1) * HOUR * 24;
  const settle = () =>
    waitForQuiet({
      pool: engine.pool,
      engine: engine.state,
      now: () => engine.clock.now(),
      idle: engine.whenIdle,
    });
  await enrollDue(0);
  await settle();
  const spent = { advance: 0, settle: 0, patients: 0, nurses: 0, clinic: 0 };
  const timed = async <T>(k: keyof typeof spent, fn: () => Promise<T>): Promise<T> => {
    const t0 = performance.now();
    try {
      return await fn();
    } finally {
      spent[k] += performance.now() - t0;
    }
  };
  let enrolledHours = 1;
  let nextDayReport = start.getTime() + 24 * HOUR;
  while (engine.clock.now().getTime() < end) {
    round++;
    const now = engine.clock.now().getTime();
    const due = Math.min(
      await nextEvent(engine.state, engine.clock.now()),
      await nextVisitOver(db, engine.clock.now()),
      nurseBot.nextWork(),
      enrolledHours < 24 ? start.getTime() + enrolledHours * HOUR : end,
    );
    // On the grid from the start, so the hourly discharges fall on it.
    const onGrid = start.getTime() + Math.ceil((due - start.getTime()) / RESOLUTION) * RESOLUTION;
    const target = STEP ? now + STEP : Math.min(end, onGrid);
    await timed("advance", () => engine.clock.advance(Math.max(1000, target - now)));
    while (enrolledHours < 24 && engine.clock.now().getTime() >= start.getTime() + enrolledHours * HOUR) {
      await enrollDue(enrolledHours++);
    }
    await timed("settle", settle);
    for (let i = 0; i < 10 && (await timed("patients", () => patientBot(engine.clock.now()))) > 0; i++) {
      await timed("settle", settle);
    }
    const staffActed =
      (await timed("nurses", () => nurseBot.workQueue(engine.clock.now()))) +
      (await timed("clinic", () => schedulerBot(engine.clock.now()))) +
      (await timed("clinic", () => frontDeskBot(engine.clock.now())));
    if (staffActed > 0) await timed("settle", settle);
    if (engine.clock.now().getTime() >= nextDayReport) {
      nextDayReport += 24 * HOUR;
      const day = Math.floor((engine.clock.now().getTime() - start.getTime()) / (24 * HOUR));
      // Enough to judge a run stopped early: rounds so far and where the wall time went.
      const phases = Object.entries(spent).map(([k, v]) => `${k} ${Math.round(v / 1000)}`);
      process.stdout.write(
        `${day > DAYS ? `day ${day} (wind-down after ${DAYS})` : `day ${day}/${DAYS}`}  (${((performance.now() - wallStart) / 1000).toFixed(0)} s, ${round} rounds; ${phases.join(", ")})\n`,
      );
    }
  }
  const report = await simulationReport(db, engine.state);
  const wallSeconds = (performance.now() - wallStart) / 1000;
  const own = process.cpuUsage();
  const nodeCpuSeconds = Math.round((own.user + own.system) / 1e6);
  const phaseSeconds = Object.fromEntries(
    Object.entries(spent).map(([k, v]) => [k, Math.round(v / 100) / 10]),
  );
  console.log(
    JSON.stringify(
      {
        patients: N,
        days: DAYS,
        rounds: round,
        clinics,
        wallSeconds: Math.round(wallSeconds),
        phaseSeconds,
        nodeCpuSeconds,
        ...report,
      },
      null,
      2,
    ),
  );
  if (profile) console.log(await busiestStatements(engine.pool));
  if (process.env.SIM_KEEP) {
    console.log(`kept running for inspection: ${url}`);
    await new Promise(() => {});
  }
  await engine.stop();
  await closeEngineStateSource();
  await db.$disconnect();
  await cluster.stop();
  process.exit(report.duplicateMessages === 0 && report.runsFailed === 0 ? 0 : 1);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
