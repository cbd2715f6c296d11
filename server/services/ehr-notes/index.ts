export { composeEpisodeCloseNote, composeTaskNote } from "./compose.js";
export { type EhrConfig, loadEhrConfig } from "./config.js";
export { ehrNotesForTask } from "./note-status.js";
export { dispatchEhrNotes, queueEpisodeCloseNote, queueTaskNote } from "./outbox/queue-note.js";
export { type AttemptResult, attemptEhrNote, EHR_NOTE_MAX_ATTEMPTS } from "./send-note.js";
