import util from "node:util";
import { currentLog, type LogLevel } from "./run-logs.js";
import { recordLine } from "./run-spans.js";

// `console.*` inside task code, recorded with the run as Trigger.dev records it (its
// ConsoleInterceptor): `console.log` and `info` as info lines (`log` keeps its own level name),
// `warn`, `error` and `debug` as theirs; a line that is a JSON object (a structured logger writing
// through console) gives its `message`/`msg`/`body`/`error` as the message and its fields as
// attributes. The output still reaches the process's stdout/stderr as before. Trigger.dev swaps the
// console methods for the length of one attempt; here attempts interleave in one thread, so the
// methods are replaced once and look up the attempt whose code is running (outside one they only
// print).

const METHODS: [keyof Console & ("log" | "info" | "warn" | "error" | "debug"), LogLevel][] = [
  ["log", "LOG"],
  ["info", "INFO"],
  ["warn", "WARN"],
  ["error", "ERROR"],
  ["debug", "DEBUG"],
];

function structured(body: string): { message: string; fields: Record<string, unknown> } | undefined {
  if (!body.startsWith("{")) return undefined;
  try {
    const value: unknown = JSON.parse(body);
    if (!value || typeof value !== "object" || Array.isArray(value)) return undefined;
    const fields = value as Record<string, unknown>;
    const message = [fields.message, fields.msg, fields.body, fields.error].find(
      (m) => typeof m === "string",
    );
    return { message: typeof message === "string" ? message : body, fields };
  } catch {
    return undefined;
  }
}

const installed = new WeakSet<Console>();

/** Replaces this thread's console methods once (idempotent). */
export function installConsoleCapture(target: Console = console): void {
  if (installed.has(target)) return;
  installed.add(target);
  for (const [method, level] of METHODS) {
    const original = target[method].bind(target);
    target[method] = (...args: unknown[]) => {
      if (currentLog()) {
        const body = util.format(...args);
        const json = structured(body);
        recordLine(level, json ? json.message : body, json?.fields);
      }
      original(...args);
    };
  }
}
