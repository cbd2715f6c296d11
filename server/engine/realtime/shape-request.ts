import { randomBytes } from "node:crypto";
import { now } from "../../lib/clock.js";

/** Which rows a realtime request reads. */
export type ShapeTarget =
  | { kind: "run"; runId: string }
  | { kind: "tags"; tags: string[]; createdAt: string | null }
  | { kind: "batch"; batchId: string };

const RUN_PATH = /^\/realtime\/v1\/runs\/([^/]+)$/;
const BATCH_PATH = /^\/realtime\/v1\/batches\/([^/]+)$/;

export function matchTarget(pathname: string, query: URLSearchParams): ShapeTarget | null {
  const run = RUN_PATH.exec(pathname);
  if (run?.[1]) return { kind: "run", runId: decodeURIComponent(run[1]) };
  const batch = BATCH_PATH.exec(pathname);
  if (batch?.[1]) return { kind: "batch", batchId: decodeURIComponent(batch[1]) };
  if (pathname === "/realtime/v1/runs") {
    const tags = splitList(query.get("tags"));
    return { kind: "tags", tags, createdAt: query.get("createdAt") };
  }
  return null;
}

export function splitList(raw: string | null): string[] {
  if (!raw) return [];
  return raw
    .split(",")
    .map((s) => s.trim())
    .filter((s) => s !== "");
}

const UNIT_MS: Record<string, number> = {
  s: 1000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
  w: 604_800_000,
};

/** Upstream's default window for tag subscriptions. */
const DEFAULT_CREATED_AT = "24h";

/** `createdAt` is a look-back period ("10h", "2d") or an absolute date; null when unparseable. */
export function resolveCreatedAfter(createdAt: string | null): Date | null {
  const raw = createdAt ?? DEFAULT_CREATED_AT;
  const period = /^(\d+)\s*([smhdw])$/.exec(raw.trim());
  if (period?.[1] && period[2]) {
    const unit = UNIT_MS[period[2]] ?? 0;
    return new Date(now().getTime() - Number(period[1]) * unit);
  }
  const date = new Date(raw);
  return Number.isNaN(date.getTime()) ? null : date;
}

/**
 * Handles are opaque to the client. A tag shape's look-back window must stay fixed for the life
 * of the shape (upstream keeps it in Redis by handle), so we carry it inside the handle itself.
 */
export function newHandle(createdAfter: Date | null): string {
  const id = randomBytes(8).toString("hex");
  return createdAfter ? `${createdAfter.getTime()}-${id}` : `0-${id}`;
}

export function createdAfterFromHandle(handle: string): Date | null | "invalid" {
  const match = /^(\d+)-[0-9a-f]+$/.exec(handle);
  if (!match?.[1]) return "invalid";
  const ms = Number(match[1]);
  return ms === 0 ? null : new Date(ms);
}
