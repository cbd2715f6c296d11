import { metadata, schemaTask } from "@trigger.dev/sdk";
import { JOB_PAYLOADS } from "../../server/jobs/index.js";
import type { Prompt } from "../../server/services/checkins/ask-steps.js";
import {
  type CheckInDeps,
  completeCheckIn,
  endAfterEmergency,
  judgeReply,
  missCheckIn,
  questionSteps,
  startCheckIn,
} from "../../server/services/checkins/run-checkin.js";
import { careQueue, standardRetry } from "../shared/config.js";
import { taskServices } from "../shared/runtime.js";
import { sendFromTask } from "../shared/send.js";
import { askAndWait } from "./ask.js";

/** Runs one check-in: asks each question and waits for its reply; the rules live in the service. */
export const checkinRunTask = schemaTask({
  id: "checkin.run",
  schema: JOB_PAYLOADS["checkin.run"],
  queue: careQueue,
  retry: standardRetry,
  run: async ({ checkInId }, { ctx: runCtx }) => {
    const deps: CheckInDeps = { ...taskServices(), send: sendFromTask };
    const started = await startCheckIn(deps.db, checkInId, runCtx.run.id);
    if (started.kind === "ENDED") return started.end;
    const { run } = started;
    let well = true;
    for (const step of questionSteps(run)) {
      if (step.kind === "ANSWERED_BEFORE") {
        if (step.severity !== "NONE") well = false;
        continue;
      }
      const { question } = step;
      metadata.set("question", `${step.index + 1} of ${step.of}`).set("topic", question.topic);
      let prompt: Prompt = { kind: "question", question, first: step.index === 0 };
      for (let attempt = 0; ; attempt++) {
        const messageId = await askAndWait(run.ask, question.topic, attempt, prompt);
        if (!messageId) return missCheckIn(deps, run.ask);
        const judged = await judgeReply(deps, run, { question, messageId, attempt });
        if (judged.kind === "REASK") {
          prompt = { kind: "reask", text: judged.text };
          continue;
        }
        if (judged.severity !== "NONE") well = false;
        if (judged.severity === "EMERGENT") return endAfterEmergency(deps.db, run);
        break;
      }
    }
    return completeCheckIn(deps, run, well);
  },
});
