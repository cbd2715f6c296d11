import type { parseHl7 } from "../../hl7/index.js";
import { now } from "../../lib/clock.js";
import type { FeedDeps } from "./act-on-adt.js";
import { type AdtCommand, mapAdt } from "./adt-mapping.js";
import type { Outcome } from "./message-store.js";

/** Largest message acted on; bigger ones are stored and refused (an ADT message is a few kB). */
export const MAX_ADT_BYTES = 1_000_000;

export type FeedInput = Omit<FeedDeps, "timeZone"> & { timeZone?: string };
export const feedDeps = (deps: FeedInput): FeedDeps => ({
  ...deps,
  timeZone: deps.timeZone ?? "America/New_York",
});

export type ActionableAdt = Exclude<AdtCommand, { kind: "IGNORE" }>;

/** The message alone decides: refused (size, parse, mapping), ignored, or a command to act on. */
export function judgeOnSight(
  feed: FeedDeps,
  parsed: ReturnType<typeof parseHl7>,
  size: number,
): { outcome: Outcome } | { command: ActionableAdt } {
  if (size > MAX_ADT_BYTES) {
    const reason = `Message of ${size} bytes is over the ${MAX_ADT_BYTES} byte limit`;
    return { outcome: { result: "INVALID", ack: { code: "AR", error: "203", reason } } };
  }
  if (!parsed.ok) {
    const ack = { code: "AR", error: parsed.error, reason: parsed.reason } as const;
    return { outcome: { result: "INVALID", ack } };
  }
  const mapped = mapAdt(parsed.message, { timeZone: feed.timeZone, now: now() });
  if (!mapped.ok) {
    const ack = { code: mapped.code, error: mapped.error, reason: mapped.reason };
    return { outcome: { result: "INVALID", ack } };
  }
  if (mapped.command.kind === "IGNORE")
    return { outcome: { result: "IGNORED", ack: { code: "AA" }, reason: mapped.command.reason } };
  return { command: mapped.command };
}
