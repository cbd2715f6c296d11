import type { z } from "zod";
import { judgeReply, TriageInputError } from "./judge.js";
import { JudgeInputSchema } from "./model/types.js";
import { UnknownProtocolError } from "./protocols/registry.js";

function describeIssues(error: z.ZodError): string {
  return error.issues.map((i) => `${i.path.length ? i.path.join(".") : "(root)"}: ${i.message}`).join("; ");
}

/** One stdin line -> one stdout JSON line; null for a blank line. Never throws: bad lines become ERROR. */
export function processLine(line: string): string | null {
  if (line.trim() === "") return null;
  let json: unknown;
  try {
    json = JSON.parse(line);
  } catch (e) {
    return JSON.stringify({ outcome: "ERROR", error: `invalid JSON: ${(e as Error).message}` });
  }
  const input = JudgeInputSchema.safeParse(json);
  if (!input.success) {
    return JSON.stringify({ outcome: "ERROR", error: `invalid input: ${describeIssues(input.error)}` });
  }
  try {
    return JSON.stringify(judgeReply(input.data));
  } catch (e) {
    if (e instanceof TriageInputError || e instanceof UnknownProtocolError) {
      return JSON.stringify({ outcome: "ERROR", error: e.message });
    }
    throw e;
  }
}
