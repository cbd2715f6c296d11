import { existsSync, mkdtempSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { runs, tasks } from "@trigger.dev/sdk";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type CompatHarness, settled, startCompat } from "./harness.js";

// Task code runs in executor threads (two by default): a CPU-bound run stalls neither the API
// nor other runs, and a run past maxDuration or canceled is stopped for real. Only ordering and
// outcomes are asserted here; the latency figure lives in the bench (`npm run bench -- engine`).
let h: CompatHarness;
beforeAll(async () => {
  h = await startCompat();
}, 60_000);
afterAll(async () => h?.close());

async function until<T>(fn: () => Promise<T | undefined>, timeoutMs = 15_000): Promise<T> {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v !== undefined) return v;
    if (performance.now() > deadline) throw new Error("condition not met in time");
    await new Promise((r) => setTimeout(r, 50));
  }
}

const size = (file: string) => (existsSync(file) ? statSync(file).size : 0);

describe("one run cannot stall or break the others", () => {
  it("while a run is CPU-bound, the API answers and an unrelated run completes first", async () => {
    const busy = await tasks.trigger("compat.busy", { ms: 4000 });
    await until(async () => ((await runs.retrieve(busy.id)).status === "EXECUTING" ? true : undefined));
    const other = await tasks.trigger("compat.echo", { v: "unrelated" });
    expect((await runs.retrieve(busy.id)).status).toBe("EXECUTING");
    const done = await settled(other.id);
    expect(done.output).toEqual({ v: "unrelated" });
    expect((await runs.retrieve(busy.id)).status).toBe("EXECUTING");
    expect((await settled(busy.id)).output).toEqual({ spunMs: 4000 });
  }, 30_000);

  it("runs triggered together just after a run starts spinning all go to a thread that answers", async () => {
    const busy = await tasks.trigger("compat.busy", { ms: 6000, announce: true });
    // Spinning for real (not only leased), in a turn after the one that took the run.
    await until(async () => ((await runs.retrieve(busy.id)).metadata?.spinning ? true : undefined));
    // At once: they go to the idle thread. That thread had no runs, so its beat was stale from
    // its last one; read as "stuck for seconds", it lost to the spinner, stuck for only a moment.
    const others = await Promise.all(
      [1, 2, 3, 4].map((v) => tasks.trigger("compat.echo", { v: `together-${v}` })),
    );
    for (const [i, o] of others.entries())
      expect((await settled(o.id)).output).toEqual({ v: `together-${i + 1}` });
    expect((await runs.retrieve(busy.id)).status).toBe("EXECUTING");
    expect((await settled(busy.id)).output).toEqual({ spunMs: 6000 });
  }, 30_000);

  it("a busy loop past maxDuration is TIMED_OUT and stopped; later runs still execute", async () => {
    const spin = await tasks.trigger("compat.spin-forever", {});
    const run = await settled(spin.id, 20_000);
    expect(run.status).toBe("TIMED_OUT");
    // A stopped thread is replaced (it loads the project again): allow for a slow machine.
    const after = await tasks.trigger("compat.echo", { v: "after" });
    expect((await settled(after.id, 150_000)).output).toEqual({ v: "after" });
  }, 90_000);

  it("code that ignores its abort signal stops after maxDuration", async () => {
    const file = path.join(mkdtempSync(path.join(tmpdir(), "engine-compat-")), "ticks.log");
    const handle = await tasks.trigger("compat.ignore-abort", { file });
    expect((await settled(handle.id)).status).toBe("TIMED_OUT");
    // The file stops growing once the thread is stopped (within a grace period), and stays put.
    await until(async () => {
      const before = size(file);
      await new Promise((r) => setTimeout(r, 400));
      return size(file) === before && before > 0 ? true : undefined;
    });
    const stopped = size(file);
    await new Promise((r) => setTimeout(r, 800));
    expect(size(file)).toBe(stopped);
  }, 60_000);

  // A canceled busy loop stops its whole thread; the spare takes its place. When several threads
  // were stopped in a row (the tests above), the next run may wait for a thread to load: on a busy
  // CI machine that has taken over a minute, hence the long deadline (an outcome, not a timing).
  it("cancel stops a busy loop that never yields", async () => {
    const spin = await tasks.trigger("compat.busy", { ms: 60_000, announce: true });
    await until(async () => ((await runs.retrieve(spin.id)).metadata?.spinning ? true : undefined), 150_000);
    await runs.cancel(spin.id);
    expect((await settled(spin.id)).status).toBe("CANCELED");
    const after = await tasks.trigger("compat.echo", { v: "after-cancel" });
    expect((await settled(after.id, 150_000)).output).toEqual({ v: "after-cancel" });
  }, 180_000);
});
