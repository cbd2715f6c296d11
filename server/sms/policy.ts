import type { ConsentStatus, PhoneStatus } from "../db/client.js";
import { nextAllowedSendTime } from "./quiet-hours.js";
import type { TemplateName } from "./templates.js";

export type SmsPurpose = "SCHEDULED" | "REPLY" | "EMERGENCY" | "CONSENT";
export type SuppressReason =
  | "OPTED_OUT"
  | "PHONE_BAD"
  | "CONSENT_DAILY_CAP"
  | "CONSENT_WEEKLY_CAP"
  | "INPATIENT";

export const UNCONSENTED_DAILY_CAP = 1;
export const UNCONSENTED_WEEKLY_CAP = 3;

// Replies the carrier rules require us to send (STOP/START/HELP answers) and the consent
// receipt: they never count against, nor are blocked by, the no-consent caps.
export const COMPLIANCE_TEMPLATES: readonly TemplateName[] = [
  "optout.confirm",
  "optin.confirm",
  "help",
  "consent.granted",
];

export interface PolicyPatient {
  optedOut: boolean;
  phoneStatus: PhoneStatus;
  consentStatus: ConsentStatus;
  timeZone: string;
  /** Hospital-feed hook: set while the patient is back in hospital (services/hospital-feed). */
  outreachPausedAt?: Date | null;
}

export interface PolicyInput {
  patient: PolicyPatient;
  purpose: SmsPurpose;
  template: TemplateName;
  now: Date;
  /**
   * Texts attempted to this patient in the last 24 h / 7 days (not counting this one); read only
   * where `capsApply`, the caller may pass 0 elsewhere.
   */
  sentLastDay: number;
  sentLastWeek: number;
}

export type PolicyDecision =
  | { verdict: "SEND" }
  | { verdict: "SUPPRESS"; reason: SuppressReason }
  | { verdict: "DEFER"; notBefore: Date };

export function countsTowardCaps(purpose: SmsPurpose, template: TemplateName): boolean {
  return purpose !== "EMERGENCY" && !COMPLIANCE_TEMPLATES.includes(template);
}

/** Whether the no-consent caps judge this text: only then are the patient's recent texts counted. */
export function capsApply(patient: PolicyPatient, purpose: SmsPurpose, template: TemplateName): boolean {
  return patient.consentStatus !== "GRANTED" && countsTowardCaps(purpose, template);
}

export function decideSend(input: PolicyInput): PolicyDecision {
  const { patient, purpose, template, now } = input;
  // After STOP the only text allowed is the single confirmation the carrier rules require.
  if (patient.optedOut && template !== "optout.confirm") return { verdict: "SUPPRESS", reason: "OPTED_OUT" };
  if (patient.phoneStatus !== "OK") return { verdict: "SUPPRESS", reason: "PHONE_BAD" };
  // Hospital-feed hook: no scheduled or consent texts to a patient the hospital readmitted.
  if (patient.outreachPausedAt && (purpose === "SCHEDULED" || purpose === "CONSENT"))
    return { verdict: "SUPPRESS", reason: "INPATIENT" };
  // Replies to the patient's own message and emergency advice are never held back by the clock.
  if (purpose === "SCHEDULED" || purpose === "CONSENT") {
    const notBefore = nextAllowedSendTime(patient.timeZone, now);
    if (notBefore.getTime() > now.getTime()) return { verdict: "DEFER", notBefore };
  }
  if (capsApply(patient, purpose, template)) {
    if (input.sentLastDay >= UNCONSENTED_DAILY_CAP)
      return { verdict: "SUPPRESS", reason: "CONSENT_DAILY_CAP" };
    if (input.sentLastWeek >= UNCONSENTED_WEEKLY_CAP)
      return { verdict: "SUPPRESS", reason: "CONSENT_WEEKLY_CAP" };
  }
  return { verdict: "SEND" };
}
