import type { SmsPurpose } from "../../sms/index.js";
import type { PatientReplyKind } from "../../triage/index.js";

/** What the patient is sent at once for a judged reply; THANKS waits for the end of the check-in. */
type ReplyTemplate =
  | "emergency.call_911"
  | "emergency.call_911_no_drive"
  | "advice.rule_15_15"
  | "nurse.will_call"
  | "med.cost_resources"
  | "ack.received";

export function patientReplyMessages(
  kind: PatientReplyKind,
): { template: ReplyTemplate; purpose: SmsPurpose }[] {
  switch (kind) {
    case "EMERGENCY_911":
      return [{ template: "emergency.call_911", purpose: "EMERGENCY" }];
    case "EMERGENCY_911_DO_NOT_DRIVE":
      return [{ template: "emergency.call_911_no_drive", purpose: "EMERGENCY" }];
    case "HYPOGLYCEMIA_SEVERE":
      return [
        { template: "advice.rule_15_15", purpose: "EMERGENCY" },
        { template: "emergency.call_911", purpose: "EMERGENCY" },
      ];
    case "HYPOGLYCEMIA_15_15":
      return [{ template: "advice.rule_15_15", purpose: "REPLY" }];
    case "NURSE_WILL_CALL":
      return [{ template: "nurse.will_call", purpose: "REPLY" }];
    case "MED_COST_RESOURCES":
      return [{ template: "med.cost_resources", purpose: "REPLY" }];
    case "ACK":
      return [{ template: "ack.received", purpose: "REPLY" }];
    case "THANKS":
      return [];
  }
}
