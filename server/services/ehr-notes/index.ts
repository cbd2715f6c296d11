export { composeEpisodeCloseNote, composeTaskNote } from "./compose.js";
export { type EhrConfig, loadEhrConfig } from "./config.js";
export { EHR_NOTE_STATUSES, ehrNoteCounts, listEhrNotes } from "./note-list.js";
export { ehrNotesForTask } from "./note-status.js";
export {
  dispatchEhrNotes,
  type NoteSendStarter,
  queueEpisodeCloseNote,
  queueTaskNote,
} from "./outbox/queue-note.js";
export { resendEhrNote } from "./resend-note.js";
export { type AttemptResult, attemptEhrNote, EHR_NOTE_MAX_ATTEMPTS } from "./send-note.js";
