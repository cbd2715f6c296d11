import { appendFileSync } from "node:fs";
import { metadata, task } from "@trigger.dev/sdk";

/** CPU-bound for `ms` (a busy loop: never yields to the event loop). */
export const busy = task({
  id: "compat.busy",
  run: async (payload: { ms: number; announce?: boolean }) => {
    // announce: the spin has really begun in a thread (not only been leased) when metadata says so.
    if (payload.announce) {
      metadata.set("spinning", true);
      await metadata.flush();
    }
    const start = performance.now();
    while (performance.now() - start < payload.ms) {
      // spin
    }
    return { spunMs: payload.ms };
  },
});

/** Never returns and never yields: only stopping its thread ends it. */
export const spinForever = task({
  id: "compat.spin-forever",
  maxDuration: 2,
  retry: { maxAttempts: 1 },
  run: async () => {
    for (;;) {
      // spin
    }
  },
});

/** Ignores its abort signal and keeps writing to a file after maxDuration. */
export const ignoreAbort = task({
  id: "compat.ignore-abort",
  maxDuration: 1,
  retry: { maxAttempts: 1 },
  run: async (payload: { file: string }) => {
    for (;;) {
      appendFileSync(payload.file, "tick\n");
      await new Promise((r) => setTimeout(r, 50));
    }
  },
});
