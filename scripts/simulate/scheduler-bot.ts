// The simulation's clinic staff: a scheduler who works the visit requests (most approved, some
// rejected with a reason, some approved with another time, some left to expire) and the clinic's
// front desk, which marks each visit attended or no-show once its time has passed; at an attended
// visit the clinician documents the medication reconciliation and the MDM level (TCM).
import type { Db, MdmLevel } from "../../server/db/client.js";
import type { Persona } from "../../server/demo/personas.js";
import { rand } from "../../server/demo/personas.js";
import { jobs } from "../../server/jobs/index.js";
import { AppError } from "../../server/lib/errors.js";
import { recordTcm } from "../../server/services/tcm/index.js";
import { approveRequest, proposeChange, rejectRequest } from "../../server/services/visits/decide-request.js";
import { listFreeSlots } from "../../server/services/visits/slots.js";
import type { SmsService } from "../../server/sms/index.js";
import { forEachLimit } from "./parallel.js";
import { markVisitOutcome } from "./visit-outcome.js";

const MINUTE = 60_000;
/** A visit is over (and its outcome known) this long after it starts. */
export const VISIT_OVER_MS = 30 * MINUTE;
const REJECT_REASONS = ["Clinician unavailable that day", "Visit type needs a longer slot", "Room closed"];
/** Per persona: the share of booked visits attended (the rest are no-shows). */
const ATTENDS: Record<Persona, number> = {
  WELL: 0.88,
  WORSENING: 0.75,
  EMERGENCY: 0.8,
  SILENT: 0.5,
  STOPS: 0.6,
  SPANISH: 0.85,
};

export type Decision = "APPROVE" | "REJECT" | "CHANGE" | "LEAVE";

/** Most approved, some rejected, some moved to another time, some left to expire. */
export const usualDecision = (requestId: string): Decision => {
  const r = rand(`${requestId}:decide`);
  return r < 0.72 ? "APPROVE" : r < 0.8 ? "REJECT" : r < 0.88 ? "CHANGE" : "LEAVE";
};

export interface ClinicBotOptions {
  db: Db;
  sms: SmsService;
  personas: Map<string, Persona>;
  staffId: string;
  parallel: number;
  /** What the scheduler does with a request (a test fixes it); default `usualDecision`. */
  decide?: (requestId: string) => Decision;
}

/** Decides each pending request once, the round it is first seen waiting. */
export function createSchedulerBot(opts: ClinicBotOptions) {
  const seen = new Set<string>();
  const deps = { db: opts.db, jobs };
  return async function workRequests(now: Date): Promise<number> {
    const pending = await opts.db.visitRequest.findMany({
      where: { status: "PENDING", dueAt: { gt: now }, waitTokenId: { not: null } },
      select: { id: true, slotId: true, patient: { select: { preferredLanguage: true } } },
    });
    const fresh = pending.filter((r) => !seen.has(r.id));
    let acted = 0;
    await forEachLimit(fresh, opts.parallel, async (req) => {
      seen.add(req.id);
      const decision = (opts.decide ?? usualDecision)(req.id);
      const input = { requestId: req.id, userId: opts.staffId };
      try {
        if (decision === "APPROVE") await approveRequest(deps, input);
        else if (decision === "REJECT")
          await rejectRequest(deps, { ...input, reason: REJECT_REASONS[seen.size % 3]! });
        else if (decision === "CHANGE") {
          // Another time a day or more later, as a clinic moving a visit would.
          const free = await listFreeSlots(opts.db, {
            from: new Date(now.getTime() + 24 * 60 * MINUTE),
            language: req.patient.preferredLanguage,
            limit: 5,
          });
          const other = free.find((s) => s.id !== req.slotId);
          if (other) await proposeChange(deps, { ...input, slotId: other.id });
          else await approveRequest(deps, input);
        } else return; // left to expire
        acted++;
      } catch (err) {
        // The patient cancelled or it expired meanwhile: as on the Visit requests page, move on.
        if (!(err instanceof AppError)) throw err;
      }
    });
    return acted;
  };
}

/** Marks every booked visit that is over: attended (with the TCM documentation) or no-show. */
export function createFrontDeskBot(opts: ClinicBotOptions) {
  return async function markVisits(now: Date): Promise<number> {
    const over = await opts.db.appointment.findMany({
      where: {
        status: { in: ["SCHEDULED", "CONFIRMED"] },
        slotId: { not: null },
        scheduledAt: { lte: new Date(now.getTime() - VISIT_OVER_MS) },
      },
      select: { id: true, episodeId: true, patientId: true, scheduledAt: true },
    });
    let marked = 0;
    await forEachLimit(over, opts.parallel, async (a) => {
      const persona = opts.personas.get(a.patientId) ?? "WELL";
      const attended = rand(`${a.id}:attends`) < ATTENDS[persona];
      const outcome = attended ? "ATTENDED" : "NO_SHOW";
      if (!(await markVisitOutcome({ db: opts.db, sms: opts.sms }, a.id, outcome, opts.staffId))) return;
      marked++;
      if (attended)
        await recordTcm(opts.db, {
          episodeId: a.episodeId,
          medRecAt: a.scheduledAt,
          mdmLevel: mdmFor(persona, rand(`${a.id}:mdm`)),
          userId: opts.staffId,
        });
    });
    return marked;
  };
}

function mdmFor(persona: Persona, r: number): MdmLevel {
  if (persona === "WORSENING" || persona === "EMERGENCY") return r < 0.8 ? "HIGH" : "MODERATE";
  return r < 0.25 ? "HIGH" : r < 0.85 ? "MODERATE" : "LOW";
}

/**
 * The front desk's next round: at the latest this long after the earliest unmarked visit is over
 * (and well before the appointment's own run calls it missed, 4 h after its time), marking every
 * visit over by then, so a clinic session's visits are marked together.
 */
export const FRONT_DESK_LAG_MS = 90 * MINUTE;

export async function nextVisitOver(db: Db, now: Date): Promise<number> {
  const next = await db.appointment.findFirst({
    where: {
      status: { in: ["SCHEDULED", "CONFIRMED"] },
      slotId: { not: null },
      scheduledAt: { gt: new Date(now.getTime() - VISIT_OVER_MS - FRONT_DESK_LAG_MS) },
    },
    orderBy: { scheduledAt: "asc" },
    select: { scheduledAt: true },
  });
  return next ? next.scheduledAt.getTime() + VISIT_OVER_MS + FRONT_DESK_LAG_MS : Number.POSITIVE_INFINITY;
}
