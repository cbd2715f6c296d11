import { createHash } from "node:crypto";
import type {
  Bundle,
  BundleEntry,
  Condition,
  Encounter,
  Parameters,
  Patient,
  Procedure,
  Resource,
} from "@medplum/fhirtypes";
import { isKnownResourceType, issueText, validateFhirResource } from "./validate.js";

/** Why a body cannot be taken, as an HTTP status and an OperationOutcome issue. */
export interface FhirRefusal {
  status: 400 | 422;
  code: "structure" | "invalid" | "required" | "not-supported" | "value";
  reason: string;
  expression?: string;
}

export type ParsedBody =
  | { ok: true; bundle: Bundle; key: string }
  | { ok: false; key: string; refusal: FhirRefusal };

const refuse = (status: 400 | 422, code: FhirRefusal["code"], reason: string, expression?: string) => ({
  status,
  code,
  reason,
  ...(expression ? { expression } : {}),
});

/**
 * Body bytes -> a Bundle and its de-duplication key (Bundle.identifier, else Bundle.id, else the
 * content's hash, so resending the same broken body finds the same stored row).
 */
export function parseBundleBody(bytes: Uint8Array): ParsedBody {
  const hash = `sha256:${createHash("sha256").update(bytes).digest("hex")}`;
  let json: unknown;
  try {
    json = JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(bytes));
  } catch {
    return { ok: false, key: hash, refusal: refuse(400, "structure", "Body is not UTF-8 JSON") };
  }
  if (typeof json !== "object" || json === null || Array.isArray(json))
    return { ok: false, key: hash, refusal: refuse(400, "structure", "Body is not a JSON object") };
  const resource = json as Partial<Resource>;
  if (resource.resourceType !== "Bundle") {
    const type = typeof resource.resourceType === "string" ? resource.resourceType.slice(0, 40) : "(none)";
    return {
      ok: false,
      key: hash,
      refusal: refuse(400, "structure", `resourceType ${type}: a Bundle is expected`, "resourceType"),
    };
  }
  const bundle = json as Bundle;
  const id = bundle.identifier?.value
    ? `${bundle.identifier.system ?? ""}|${bundle.identifier.value}`
    : (bundle.id ?? "");
  return { ok: true, bundle, key: id ? `bundle:${id}`.slice(0, 200) : hash };
}

export type NotificationKind =
  | "event-notification"
  | "handshake"
  | "heartbeat"
  | "query-status"
  | "query-event";

/** The parts of a bundle that describe one discharge. */
export interface DischargeBundle {
  style: "transaction" | "notification";
  notificationType: NotificationKind | null;
  entries: BundleEntry[];
  /** Index of the Encounter's entry (for the response's outcome); -1 when there is none. */
  encounterIndex: number;
  encounter: Encounter | null;
  patient: Patient | null;
  conditions: Condition[];
  procedures: Procedure[];
}

export type ReadBundle = { ok: true; discharge: DischargeBundle } | { ok: false; refusal: FhirRefusal };

/**
 * A transaction Bundle, or a topic-based subscription notification (R4 Subscriptions Backport: a
 * `history` Bundle whose first entry is the SubscriptionStatus `Parameters`; R4B/R5 type
 * `subscription-notification` likewise), validated resource by resource, split into its parts.
 */
export function readDischargeBundle(bundle: Bundle): ReadBundle {
  const shell = validateFhirResource({ ...bundle, entry: [] });
  if (shell.length) return { ok: false, refusal: refuse(400, "structure", issueText(shell[0]!)) };
  const entries = bundle.entry ?? [];
  const isNotification =
    bundle.type === "history" || bundle.type === ("subscription-notification" as Bundle["type"]);
  if (bundle.type !== "transaction" && !isNotification)
    return {
      ok: false,
      refusal: refuse(
        422,
        "not-supported",
        `Bundle.type ${bundle.type}: send a transaction or a subscription notification`,
        "Bundle.type",
      ),
    };
  let notificationType: NotificationKind | null = null;
  if (isNotification) {
    const status = entries[0]?.resource;
    if (status?.resourceType !== "Parameters" && status?.resourceType !== ("SubscriptionStatus" as string))
      return {
        ok: false,
        refusal: refuse(
          422,
          "invalid",
          "A notification's first entry must be its SubscriptionStatus",
          "Bundle.entry[0]",
        ),
      };
    notificationType = statusType(status as Resource);
  }
  for (const [i, entry] of entries.entries()) {
    const resource = entry.resource;
    if (!resource) continue;
    if (!isKnownResourceType(resource.resourceType)) continue;
    const issues = validateFhirResource(resource);
    if (issues.length) {
      const [first] = issues;
      const text = issueText(first!);
      return { ok: false, refusal: refuse(400, "structure", `Bundle.entry[${i}] ${text}`) };
    }
  }
  const of = <T extends Resource>(type: T["resourceType"]) =>
    entries.map((e) => e.resource).filter((r): r is T => r?.resourceType === type);
  const encounterIndex = entries.findIndex((e) => e.resource?.resourceType === "Encounter");
  const encounter = (entries[encounterIndex]?.resource as Encounter | undefined) ?? null;
  return {
    ok: true,
    discharge: {
      style: isNotification ? "notification" : "transaction",
      notificationType,
      entries,
      encounterIndex,
      encounter,
      patient: subjectOf(encounter, entries) ?? null,
      conditions: of<Condition>("Condition"),
      procedures: of<Procedure>("Procedure"),
    },
  };
}

// Backport status Parameters carry `type`; an R4B/R5 SubscriptionStatus has it as a field.
function statusType(status: Resource): NotificationKind | null {
  if (status.resourceType === "Parameters") {
    const p = (status as Parameters).parameter?.find((x) => x.name === "type");
    return (p?.valueCode as NotificationKind | undefined) ?? null;
  }
  return ((status as unknown as { type?: NotificationKind }).type ?? null) as NotificationKind | null;
}

/** The Encounter's subject among the entries (by fullUrl or `Patient/id`), else the only Patient. */
function subjectOf(encounter: Encounter | null, entries: readonly BundleEntry[]): Patient | undefined {
  const patients = entries.filter((e) => e.resource?.resourceType === "Patient");
  const ref = encounter?.subject?.reference;
  if (ref) {
    const hit = patients.find(
      (e) => e.fullUrl === ref || e.fullUrl?.endsWith(`/${ref}`) || `Patient/${e.resource?.id}` === ref,
    );
    if (hit) return hit.resource as Patient;
  }
  return patients.length === 1 ? (patients[0]!.resource as Patient) : undefined;
}
