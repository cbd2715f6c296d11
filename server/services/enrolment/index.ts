/** Enrol a patient: the intake entry (`enrolPatient`) and the steps of the 30-day follow-up task. */
export { type EnrolDeps, enrolFromCsv, enrolPatient, previewDischargeCsv } from "./enrol-patient.js";
export {
  checkInForSlot,
  closeAtDay30,
  type FollowUp,
  followUpDay,
  isStillFollowed,
  MAX_SLOTS,
  startFollowUp,
} from "./follow-up.js";
export { type Discharge, type DischargeInput, dischargeSchema } from "./intake-schema.js";
