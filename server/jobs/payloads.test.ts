import { describe, expect, it } from "vitest";
import { appointmentRemindersTask } from "../../trigger/appointments/reminders.js";
import { checkinRunTask } from "../../trigger/checkins/run.js";
import { ehrSendNoteTask } from "../../trigger/ehr/send-note.js";
import { episodeEnrollTask } from "../../trigger/episodes/enroll.js";
import { assignEscalationTask } from "../../trigger/escalations/assign.js";
import { escalationResolvedTask } from "../../trigger/escalations/resolved.js";
import { slaMonitorTask } from "../../trigger/escalations/sla-monitor.js";
import { inboundRouteTask } from "../../trigger/inbound/route.js";
import { visitAfterTask } from "../../trigger/visits/after-visit.js";
import { visitOfferTask } from "../../trigger/visits/offer.js";
import { visitRequestTask } from "../../trigger/visits/visit-request.js";
import { JOB_PAYLOADS, type JobId } from "./payloads.js";

// The starter triggers by id with these schemas' types; a task file that renamed its id or
// validated a different payload would make every start fail at run time, so pin them together.
describe("job catalog", () => {
  const tasks = [
    appointmentRemindersTask,
    checkinRunTask,
    episodeEnrollTask,
    assignEscalationTask,
    escalationResolvedTask,
    slaMonitorTask,
    inboundRouteTask,
    ehrSendNoteTask,
    visitOfferTask,
    visitRequestTask,
    visitAfterTask,
  ];

  it("has exactly one task file per job id", () => {
    expect(tasks.map((t) => t.id).sort()).toEqual(Object.keys(JOB_PAYLOADS).sort());
  });

  it.each(Object.keys(JOB_PAYLOADS) as JobId[])("%s rejects a payload without its id field", (id) => {
    expect(JOB_PAYLOADS[id].safeParse({}).success).toBe(false);
    expect(JOB_PAYLOADS[id].safeParse({ [Object.keys(JOB_PAYLOADS[id].shape)[0]!]: "x" }).success).toBe(true);
  });
});
