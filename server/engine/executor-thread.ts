import { parentPort, workerData } from "node:worker_threads";
import type { RunningAttempt } from "./core/attempt.js";
import { startAttempt } from "./core/attempt.js";
import { adoptClockBuffer } from "./core/clock.js";
import {
  BEAT_MS,
  type ExecutorThreadOptions,
  type FromThread,
  processNowMs,
  type ToThread,
} from "./core/executors.js";
import { startHeapReclaim } from "./core/heap-reclaim.js";
import { importProjectFrom } from "./core/loader.js";
import { outbox } from "./core/outbox.js";
import { hasParked } from "./core/suspended.js";
import { createEngine } from "./engine.js";

// One executor thread (see core/executors.ts): an engine without a dequeue loop of its own. It
// serves the SDK calls of the attempts it runs on its own local port (their access tokens live
// here), follows the engine thread's clock through shared memory, and runs what it is handed.
const port = parentPort!;
// Many attempts finish in one turn (a group write): one wake-up goes out with them.
let wakeQueued = false;
const send = outbox<FromThread>((batch) => {
  wakeQueued = false;
  port.postMessage(batch);
});
function wakeOncePerTurn(): void {
  if (wakeQueued) return;
  wakeQueued = true;
  send({ t: "wake" });
}
const data = workerData as {
  clock: SharedArrayBuffer;
  beat: SharedArrayBuffer;
  opts: ExecutorThreadOptions;
  modules?: Record<string, string>;
};
adoptClockBuffer(data.clock);
if (data.modules) importProjectFrom(data.modules);
const running = new Map<string, RunningAttempt>();

try {
  const engine = await createEngine({
    ...data.opts,
    executor: {
      // Without a deadline the engine thread has nothing to arm: no message.
      legStarted: (runId, remainingMs) => remainingMs !== null && send({ t: "leg", runId, remainingMs }),
      runaway: (runId) => send({ t: "runaway", runId }),
      cancel: (runId) => send({ t: "cancel", runId }),
      wake: wakeOncePerTurn,
    },
  });
  await engine.start();
  const core = engine.executorCore!;
  let lastRunAt = performance.now();
  const stopReclaim = startHeapReclaim(() => lastRunAt);
  const handle = (m: ToThread) => {
    if (m.t === "ping") send({ t: "pong" });
    else if (m.t === "cancel") running.get(m.runId)?.cancel();
    else if (m.t === "run") {
      lastRunAt = performance.now();
      const attempt = startAttempt(core, m.run);
      running.set(m.run.id, attempt);
      void attempt.codeStopped?.then(() => send({ t: "codeStopped", runId: m.run.id }));
      void attempt.done.finally(() => {
        running.delete(m.run.id);
        send({ t: "done", runId: m.run.id, parked: hasParked(core, m.run.id) });
      });
    } else if (m.t === "stop") {
      stopReclaim();
      void engine.stop().finally(() => send({ t: "stopped" }));
    }
  };
  // While this thread has runs, a timer stamps this shared cell every few ms: the engine thread
  // reads it to tell a thread stuck in CPU-bound code (the timer cannot fire) from one merely busy
  // (core/executors.ts). Idle, no timer: a thread without runs is not stuck in one.
  const beat = new Float64Array(data.beat);
  let beating: NodeJS.Timeout | undefined;
  const stamp = () => {
    beat[0] = processNowMs();
    if (running.size === 0 && beating) {
      clearInterval(beating);
      beating = undefined;
    }
  };
  port.on("message", (batch: ToThread[]) => {
    beat[0] = processNowMs();
    for (const m of batch) handle(m);
    if (running.size > 0 && !beating) {
      beating = setInterval(stamp, BEAT_MS);
      beating.unref();
    }
  });
  send({ t: "ready" });
} catch (err) {
  send({ t: "failed", error: String(err).slice(0, 500) });
}
