import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const CLI = fileURLToPath(new URL("./cli.ts", import.meta.url));

function runCli(stdin: string): { lines: unknown[]; stdout: string; status: number | null } {
  const r = spawnSync(process.execPath, ["--import", "tsx", CLI], {
    input: stdin,
    encoding: "utf8",
    timeout: 60_000,
  });
  const lines = r.stdout
    .split("\n")
    .filter((l) => l !== "")
    .map((l) => JSON.parse(l) as unknown);
  return { lines, stdout: r.stdout, status: r.status };
}

describe("triage CLI", () => {
  it("answers one JSON line per input line, in order, skipping blank lines", () => {
    const input = [
      JSON.stringify({
        protocol: "HF",
        topic: "hf_weight",
        reply: "185 lbs",
        history: { weights: [{ daysAgo: 1, lb: 182 }] },
      }),
      "",
      "this is not json",
      JSON.stringify({ protocol: "HF", topic: "hf_breathing", reply: "blah" }),
      JSON.stringify({ protocol: "XX", topic: "hf_weight", reply: "1" }),
      "   ",
      JSON.stringify({ protocol: "GENERAL", topic: "free_text", reply: "no puedo respirar", language: "es" }),
      JSON.stringify({ protocol: "HF", topic: "dm_glucose", reply: "80" }),
      JSON.stringify({
        protocol: "DM",
        topic: "dm_glucose",
        reply: "65",
        receivedAt: "2026-01-01T10:00:00Z",
      }),
      JSON.stringify({ protocol: "DM", topic: "dm_glucose" }),
    ].join("\n");
    const { lines, status } = runCli(`${input}\n`);
    expect(status).toBe(0);
    expect(lines).toHaveLength(8);
    expect(lines[0]).toMatchObject({
      outcome: "ANSWER",
      severity: "URGENT",
      reasonCode: "HF_WEIGHT_GAIN",
      ruleId: "hf.weight.gain-1d",
    });
    expect(lines[1]).toMatchObject({ outcome: "ERROR", error: expect.stringMatching(/^invalid JSON/) });
    expect(lines[2]).toMatchObject({
      outcome: "UNPARSEABLE",
      reaskText: "Sorry, please reply with a number 1-4",
    });
    expect(lines[3]).toMatchObject({ outcome: "ERROR", error: expect.stringMatching(/protocol/) });
    expect(lines[4]).toMatchObject({
      outcome: "ANSWER",
      severity: "EMERGENT",
      reasonCode: "EMERGENCY_WORDS",
    });
    expect(lines[5]).toMatchObject({
      outcome: "ERROR",
      error: expect.stringMatching(/not part of protocol HF/),
    });
    expect(lines[6]).toMatchObject({
      outcome: "ANSWER",
      severity: "URGENT",
      sla: { dueAt: "2026-01-01T12:00:00.000Z" },
    });
    expect(lines[7]).toMatchObject({ outcome: "ERROR", error: expect.stringMatching(/reply/) });
  });

  it("prints nothing for empty input", () => {
    expect(runCli("").stdout).toBe("");
  });
});
