import type { Bundle, BundleEntry, OperationOutcome, OperationOutcomeIssue } from "@medplum/fhirtypes";

export type IssueCode = NonNullable<OperationOutcomeIssue["code"]>;

/** An OperationOutcome with one issue: what a FHIR client reads from a 4xx. */
export function operationOutcome(
  severity: OperationOutcomeIssue["severity"],
  code: IssueCode,
  text: string,
  expression?: string,
): OperationOutcome {
  return {
    resourceType: "OperationOutcome",
    issue: [{ severity, code, details: { text }, ...(expression ? { expression: [expression] } : {}) }],
  };
}

/**
 * The answer to a transaction (or a notification): one response entry per entry received, in order,
 * as the spec asks; `outcome` rides on the entry the discharge was read from.
 */
export function transactionResponse(
  entries: readonly BundleEntry[],
  focusIndex: number,
  outcome: OperationOutcome,
): Bundle {
  return {
    resourceType: "Bundle",
    type: "transaction-response",
    entry: entries.map((_, i) => ({
      response: { status: "200 OK", ...(i === focusIndex ? { outcome } : {}) },
    })),
  };
}
