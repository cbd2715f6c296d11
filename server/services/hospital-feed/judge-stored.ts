import type { HospitalMessageFormat } from "../../db/client.js";
import { parseBundleBody, readDischargeBundle } from "../../fhir/index.js";
import { parseHl7 } from "../../hl7/index.js";
import { now } from "../../lib/clock.js";
import type { FeedDeps } from "./act-on-adt.js";
import { mapFhirDischarge } from "./fhir-mapping.js";
import { type ActionableAdt, judgeOnSight } from "./judge-adt.js";
import type { Outcome } from "./message-store.js";

export type Judged = { outcome: Outcome } | { command: ActionableAdt };

/**
 * A stored message, HL7 v2 or FHIR, judged again from its raw bytes (a replay, the sweep): refused,
 * ignored, or the same command it became when it arrived, so both formats replay through one use
 * case. The ACK in a FHIR outcome is only the shape `Outcome` needs: the HTTP status sent is kept.
 */
export function judgeStored(feed: FeedDeps, row: { raw: Uint8Array; format: HospitalMessageFormat }): Judged {
  if (row.format === "HL7V2") return judgeOnSight(feed, parseHl7(row.raw), row.raw.length);
  const invalid = (reason: string): Judged => ({
    outcome: { result: "INVALID", ack: { code: "AR", reason }, reason },
  });
  const parsed = parseBundleBody(row.raw);
  if (!parsed.ok) return invalid(parsed.refusal.reason);
  const read = readDischargeBundle(parsed.bundle);
  if (!read.ok) return invalid(read.refusal.reason);
  const d = read.discharge;
  if (d.style === "notification" && d.notificationType !== "event-notification") {
    const reason = `Subscription ${d.notificationType ?? "status"} notification: nothing to do`;
    return { outcome: { result: "IGNORED", ack: { code: "AA" }, reason } };
  }
  const mapped = mapFhirDischarge(d, { timeZone: feed.timeZone, now: now() });
  if (!mapped.ok) return invalid(mapped.refusal.reason);
  if (mapped.command.kind === "IGNORE")
    return { outcome: { result: "IGNORED", ack: { code: "AA" }, reason: mapped.command.reason } };
  return { command: mapped.command };
}
