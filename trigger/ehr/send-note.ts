import { schedules, schemaTask } from "@trigger.dev/sdk";
import { JOB_PAYLOADS, startEhrNoteSend } from "../../server/jobs/index.js";
import {
  attemptEhrNote,
  dispatchEhrNotes,
  EHR_NOTE_MAX_ATTEMPTS,
  type EhrConfig,
  loadEhrConfig,
} from "../../server/services/ehr-notes/index.js";
import { taskServices } from "../shared/runtime.js";

let config: EhrConfig | undefined;
const ehrConfig = () => {
  config ??= loadEhrConfig(process.env);
  return config;
};

/**
 * Delivers one clinical note to the EHR (FHIR DocumentReference, MDM^T02, or the local outbox).
 * Backoff 5 s, 15 s, 45 s, 2 min 15 s, 5 min; the last attempt marks the note FAILED and opens a
 * task instead of throwing, so the attempt count lives with the note, not only in the run.
 */
export const ehrSendNoteTask = schemaTask({
  id: "ehr.send-note",
  schema: JOB_PAYLOADS["ehr.send-note"],
  retry: {
    maxAttempts: EHR_NOTE_MAX_ATTEMPTS,
    minTimeoutInMs: 5_000,
    maxTimeoutInMs: 300_000,
    factor: 3,
    randomize: true,
  },
  maxDuration: 300,
  run: async ({ noteId }) => {
    const { db, jobs } = taskServices();
    return attemptEhrNote({ db, jobs, config: ehrConfig() }, noteId);
  },
});

/**
 * Every minute: starts the send of notes queued by a task's resolution or an episode's close
 * (written in their own transactions). Missed minutes are skipped, not replayed.
 */
export const ehrNotesDispatchTask = schedules.task({
  id: "ehr.notes-dispatch",
  cron: { pattern: "* * * * *", timezone: "UTC" },
  run: async () => ({ started: await dispatchEhrNotes({ db: taskServices().db, start: startEhrNoteSend }) }),
});
