export {
  type DischargeBundle,
  type FhirRefusal,
  type NotificationKind,
  parseBundleBody,
  readDischargeBundle,
} from "./bundle.js";
export {
  createFhirHttpHandler,
  FHIR_BASE_PATH,
  FHIR_NOTIFY_PATH,
  type FhirAnswer,
} from "./http-handler.js";
export { operationOutcome, transactionResponse } from "./outcome.js";
export { issueText, validateFhirResource } from "./validate.js";
