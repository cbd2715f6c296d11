import { describe, expect, it } from "vitest";
import { pickThread, stuckMs, type ThreadView } from "./executors.js";

// The choice of an executor thread for a run (executors.ts), on made-up threads. `now` is
// performance.now() (pings), `at` the shared process clock (beats); both are fixed here.
const now = 10_000;
const at = 1_000_000;

function thread(
  n: number,
  over: Partial<Omit<ThreadView, "beat" | "legs">> & { beat?: number; legs?: number } = {},
) {
  const { beat = 0, legs = 0, ...rest } = over;
  return {
    n,
    alive: true,
    ready_: true,
    lastPong: now - 10,
    pingSentAt: undefined,
    busySince: 0,
    ...rest,
    beat: Float64Array.from([beat]),
    legs: { size: legs },
  } satisfies ThreadView;
}

describe("how long a thread may have been stuck", () => {
  it.each([
    ["no runs, ping answered", thread(0), 0],
    ["no runs, a ping unanswered for 30 ms", thread(0, { pingSentAt: now - 30 }), 30],
    ["runs, beat 3 ms ago", thread(0, { legs: 1, beat: at - 3, busySince: at - 500 }), 3],
    ["runs, beat 400 ms ago (spinning)", thread(0, { legs: 1, beat: at - 400, busySince: at - 900 }), 400],
    // Its beat is from its last busy spell; it was handed a run 2 ms ago and has not beaten yet.
    [
      "handed its first run 2 ms ago, beat from seconds before",
      thread(0, { legs: 1, beat: at - 5000, busySince: at - 2 }),
      2,
    ],
    [
      "runs, late beat and an older unanswered ping",
      thread(0, { legs: 1, beat: at - 10, pingSentAt: now - 60 }),
      60,
    ],
  ])("%s", (_label, t, expected) => {
    expect(stuckMs(t, now, at)).toBe(expected);
  });
});

describe("which thread takes a run", () => {
  it("a thread that just took its first run is not mistaken for stuck by its stale beat", () => {
    // Thread 0 began to spin 80 ms ago; thread 1 was idle for seconds and was just handed a run.
    const spinning = thread(0, { legs: 1, beat: at - 80, busySince: at - 2000 });
    const justHanded = thread(1, { legs: 1, beat: at - 4000, busySince: at - 1 });
    expect(pickThread([spinning, justHanded], undefined, now, at)).toBe(justHanded);
  });

  it("the least loaded of the threads that answer; a stuck one is passed over", () => {
    const busyButBeating = thread(0, { legs: 3, beat: at - 2, busySince: at - 100 });
    const idle = thread(1);
    const stuck = thread(2, { legs: 1, beat: at - 300, busySince: at - 400 });
    expect(pickThread([busyButBeating, idle, stuck], undefined, now, at)).toBe(idle);
    expect(pickThread([busyButBeating, stuck], undefined, now, at)).toBe(busyButBeating);
  });

  it("a resumed run goes home unless home has been stuck over 100 ms", () => {
    const home = thread(0, { legs: 2, beat: at - 60, busySince: at - 1000 });
    const other = thread(1);
    expect(pickThread([home, other], 0, now, at)).toBe(home);
    const stuckHome = thread(0, { legs: 2, beat: at - 150, busySince: at - 1000 });
    expect(pickThread([stuckHome, other], 0, now, at)).toBe(other);
  });

  it("when every thread is late (a loaded machine), the one stuck the shortest", () => {
    const a = thread(0, { legs: 1, beat: at - 90, busySince: at - 1000 });
    const b = thread(1, { legs: 1, beat: at - 40, busySince: at - 1000 });
    expect(pickThread([a, b], undefined, now, at)).toBe(b);
  });

  it("skips threads still loading, dead, or silent for 500 ms while another answers", () => {
    const loading = thread(0, { ready_: false });
    const dead = thread(1, { alive: false });
    const silent = thread(2, { lastPong: now - 600 });
    const ok = thread(3, { legs: 5, beat: at - 1, busySince: at - 50 });
    expect(pickThread([loading, dead, silent, ok], undefined, now, at)).toBe(ok);
    expect(pickThread([loading, dead], undefined, now, at)).toBeUndefined();
  });
});
