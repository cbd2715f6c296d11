import { wallClockNow } from "./clock.js";
import { currentRequestId } from "./log-context.js";

// Structured JSON logs. Callers pass ids and codes only: never names, phone numbers or
// message bodies (PHI). `redact` is a second line of defence for the common offenders.
type Level = "debug" | "info" | "warn" | "error";
const ORDER: Record<Level, number> = { debug: 10, info: 20, warn: 30, error: 40 };
const PHI_KEYS = new Set([
  "body",
  "phone",
  "from",
  "to",
  "name",
  "firstName",
  "lastName",
  "email",
  "password",
]);

function threshold(): number {
  const env = (process.env.LOG_LEVEL ?? (process.env.NODE_ENV === "test" ? "warn" : "info")) as Level;
  return ORDER[env] ?? ORDER.info;
}

export function redact(fields: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(fields)) out[key] = PHI_KEYS.has(key) ? "[redacted]" : value;
  return out;
}

function write(level: Level, msg: string, fields?: Record<string, unknown>): void {
  if (ORDER[level] < threshold()) return;
  const requestId = currentRequestId();
  const line = JSON.stringify({
    level,
    // Real time even while the demo clock has moved the process's Date: logs are evidence.
    time: wallClockNow().toISOString(),
    msg,
    ...(requestId ? { requestId } : {}),
    ...(fields ? redact(fields) : {}),
  });
  if (level === "error" || level === "warn") process.stderr.write(`${line}\n`);
  else process.stdout.write(`${line}\n`);
}

export const logger = {
  debug: (msg: string, fields?: Record<string, unknown>) => write("debug", msg, fields),
  info: (msg: string, fields?: Record<string, unknown>) => write("info", msg, fields),
  warn: (msg: string, fields?: Record<string, unknown>) => write("warn", msg, fields),
  error: (msg: string, fields?: Record<string, unknown>) => write("error", msg, fields),
};
