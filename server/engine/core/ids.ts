import { createHash, randomBytes } from "node:crypto";

const ALPHABET = "0123456789abcdefghijklmnopqrstuvwxyz";

// Random bytes are drawn 4 KB at a time (one call per 163 ids instead of one per id).
const POOL_SIZE = 4096;
let pool = randomBytes(POOL_SIZE);
let offset = 0;

/** 25 lowercase alphanumerics, like the platform's cuid-based friendly ids. */
export function randomId(): string {
  if (offset + 25 > POOL_SIZE) {
    pool = randomBytes(POOL_SIZE);
    offset = 0;
  }
  let out = "";
  for (let i = offset; i < offset + 25; i++) out += ALPHABET[pool[i]! % ALPHABET.length];
  offset += 25;
  return out;
}

export const friendlyRunId = (id: string) => `run_${id}`;
export const newWaitpointId = () => `waitpoint_${randomId()}`;
export const newBatchId = () => `batch_${randomId()}`;

/** Parses "10s", "5m", "2h", "3d", "1w" (the SDK's period strings); undefined if not a period. */
export function parsePeriodMs(period: string): number | undefined {
  const m = /^(\d+(?:\.\d+)?)(ms|s|m|h|d|w)$/.exec(period.trim());
  if (!m) return undefined;
  const unit: Record<string, number> = { ms: 1, s: 1e3, m: 6e4, h: 36e5, d: 864e5, w: 6048e5 };
  return Number(m[1]) * (unit[m[2] ?? "s"] ?? 1e3);
}

/** A period or an ISO/Date-ish value, relative to `nowMs`. */
export function resolveDate(value: string | Date | undefined, nowMs: number): Date | undefined {
  if (value === undefined) return undefined;
  if (value instanceof Date) return value;
  const ms = parsePeriodMs(value);
  if (ms !== undefined) return new Date(nowMs + ms);
  const d = new Date(value);
  return Number.isNaN(d.getTime()) ? undefined : d;
}

/** An id derived from a name (`<prefix>_<24 hex>`): the same in every process and after restarts. */
export function nameId(prefix: string, name: string): string {
  return `${prefix}_${createHash("sha1").update(name).digest("hex").slice(0, 24)}`;
}
