import { createInterface } from "node:readline";
import { processLine } from "./cli-core.js";

// JSON lines in, one JSON line out per non-blank input line, same order. stdout carries nothing else,
// so callers can pipe it straight into a JSON-lines reader.
async function main(): Promise<void> {
  const rl = createInterface({ input: process.stdin, crlfDelay: Number.POSITIVE_INFINITY });
  for await (const line of rl) {
    const out = processLine(line);
    if (out !== null) process.stdout.write(`${out}\n`);
  }
}

main().catch((e: unknown) => {
  process.stderr.write(`triage cli failed: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exitCode = 1;
});
