import { hashPassword } from "../server/auth/password.js";
import type { Db, Language, Protocol, Severity } from "../server/db/client.js";
import { ensureDemoClinic } from "../server/demo/demo-clinic.js";
import { DEMO_PASSWORD, DEMO_STAFF } from "../server/demo/staff.js";
import { TASK_SLA, type TaskSeverity } from "../server/domain/index.js";
import { now } from "../server/lib/clock.js";
import { loadVisitSettings } from "../server/services/visits/settings.js";

// The demo staff are the living demo's (server/demo/); re-exported for the tests and tools that
// import them from here.
export { DEMO_PASSWORD, DEMO_STAFF };

const HOUR = 60 * 60 * 1000;
const DAY = 24 * HOUR;

// Synthetic patients only; phone numbers are in the 555-01xx range reserved for fiction.
const PATIENTS: {
  first: string;
  last: string;
  lang: Language;
  protocol: Protocol;
  tz: string;
  dayOffset: number;
}[] = [
  { first: "Maria", last: "Lopez", lang: "ES", protocol: "HF", tz: "America/New_York", dayOffset: 3 },
  { first: "James", last: "Carter", lang: "EN", protocol: "HF", tz: "America/Chicago", dayOffset: 9 },
  { first: "Linda", last: "Nguyen", lang: "EN", protocol: "COPD", tz: "America/New_York", dayOffset: 5 },
  { first: "Robert", last: "Hughes", lang: "EN", protocol: "AMI", tz: "America/Denver", dayOffset: 2 },
  { first: "Carmen", last: "Diaz", lang: "ES", protocol: "PNA", tz: "America/Los_Angeles", dayOffset: 11 },
  { first: "Walter", last: "Reed", lang: "EN", protocol: "THA_TKA", tz: "America/New_York", dayOffset: 6 },
  { first: "Patricia", last: "Young", lang: "EN", protocol: "DM", tz: "America/Chicago", dayOffset: 14 },
  { first: "Jose", last: "Ramirez", lang: "ES", protocol: "GENERAL", tz: "America/New_York", dayOffset: 1 },
  { first: "Helen", last: "Park", lang: "EN", protocol: "COPD", tz: "America/New_York", dayOffset: 20 },
  { first: "Frank", last: "Moore", lang: "EN", protocol: "HF", tz: "America/Los_Angeles", dayOffset: 8 },
];

const OPEN_TASKS: { patient: number; severity: Severity; reason: string; ageMin: number; action: string }[] =
  [
    {
      patient: 0,
      severity: "URGENT",
      reason: "HF_WEIGHT_GAIN",
      ageMin: 150,
      action: "Call patient; review diuretic plan",
    },
    { patient: 3, severity: "URGENT", reason: "AMI_CHEST_PAIN_BRIEF", ageMin: 30, action: "Call within 2 h" },
    { patient: 2, severity: "URGENT", reason: "COPD_YELLOW_ZONE", ageMin: 80, action: "Review action plan" },
    {
      patient: 6,
      severity: "ROUTINE",
      reason: "MED_ACCESS_BARRIER",
      ageMin: 600,
      action: "Send cost resources",
    },
    {
      patient: 5,
      severity: "ROUTINE",
      reason: "FOLLOWUP_NOT_SCHEDULED",
      ageMin: 1300,
      action: "Book follow-up",
    },
    { patient: 4, severity: "ROUTINE", reason: "PATIENT_MESSAGE", ageMin: 200, action: "Read and reply" },
  ];

/**
 * The static demo world: the demo staff, ten patients and six open tasks written at once, with no
 * history. Tests build on it (their assertions know these rows), and a demo start uses it when the
 * history cannot be played (DEMO_HISTORY=off, Twilio, or Trigger.dev configured); `npm start`
 * otherwise plays the living demo (server/demo/). A database that already has users is left alone.
 */
export async function seedDemo(db: Db, opts: { hospitalName: string }): Promise<{ seeded: boolean }> {
  if ((await db.user.count()) > 0) return { seeded: false };
  const at = now();
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  const staff = [];
  for (const s of DEMO_STAFF) {
    staff.push(
      await db.user.create({
        data: {
          email: s.email,
          name: s.name,
          role: s.role,
          languages: [...s.languages],
          phone: s.phone,
          passwordHash,
          capacity: 12,
        },
      }),
    );
  }
  const nurses = staff.filter((u) => u.role === "NURSE");
  // A rolling roster: every nurse on call for the next 60 days, so demos with a moved clock still assign.
  await db.onCallShift.createMany({
    data: nurses.map((n) => ({
      userId: n.id,
      startsAt: new Date(at.getTime() - DAY),
      endsAt: new Date(at.getTime() + 60 * DAY),
    })),
  });
  const patients = [];
  for (const [i, p] of PATIENTS.entries()) {
    const dischargedAt = new Date(at.getTime() - p.dayOffset * DAY);
    patients.push(
      await db.patient.create({
        data: {
          mrn: `DEMO-${String(1001 + i)}`,
          firstName: p.first,
          lastName: p.last,
          phone: `+1202555${String(100 + i).padStart(4, "0")}`,
          preferredLanguage: p.lang,
          timeZone: p.tz,
          consentStatus: "GRANTED",
          consentAt: dischargedAt,
          episodes: {
            create: {
              protocol: p.protocol,
              protocolVersion: 1,
              hospitalName: opts.hospitalName,
              dischargedAt,
              closesAt: new Date(dischargedAt.getTime() + 30 * DAY),
              highRiskMedClasses: p.protocol === "HF" ? ["DIURETIC"] : [],
            },
          },
        },
        include: { episodes: true },
      }),
    );
  }
  for (const [i, t] of OPEN_TASKS.entries()) {
    const patient = patients[t.patient]!;
    const sla = TASK_SLA[t.severity as TaskSeverity];
    const createdAt = new Date(at.getTime() - t.ageMin * 60_000);
    const dueAt = new Date(createdAt.getTime() + sla.dueInMinutes * 60_000);
    await db.escalationTask.create({
      data: {
        patientId: patient.id,
        episodeId: patient.episodes[0]!.id,
        severity: t.severity,
        priority: sla.taskPriority,
        primaryReason: t.reason,
        reasonCodes: [t.reason],
        suggestedAction: t.action,
        openKey: `${patient.id}:${t.reason}`,
        assigneeId: i % 3 === 0 ? null : nurses[i % nurses.length]!.id,
        slaDueAt: dueAt,
        slaWarnAt: new Date(dueAt.getTime() - sla.warnBeforeMinutes * 60_000),
        slaBreachedAt: dueAt <= at ? dueAt : null,
        createdAt,
        events: { create: { actorKind: "SYSTEM", kind: "CREATED", data: { reason: t.reason }, createdAt } },
      },
    });
  }
  await ensureDemoClinic(db, { weeks: loadVisitSettings().VISIT_SLOT_WEEKS });
  return { seeded: true };
}
