// Transitional Care Management (CPT 99495/99496): the rules, each episode's status, the
// supervisor's lists and export, and what clinical staff record for it. See README.md.

export { recordTcm } from "./record-tcm.js";
export { exportQualifyingCsv, TCM_CSV_COLUMNS } from "./tcm-export.js";
export { calendarFromEnv, STAFF_TEXT_TEMPLATES, type TcmCalendar } from "./tcm-facts.js";
export { tcmFigures } from "./tcm-figures.js";
export { evaluateTcm, type TcmFacts, type TcmStatus } from "./tcm-rules.js";
export { type EpisodeTcm, getPatientTcm, listAtRisk, listQualifying } from "./tcm-status.js";
