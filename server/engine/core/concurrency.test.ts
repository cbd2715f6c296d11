import { describe, expect, it } from "vitest";
import { LIMIT_SEP, LimitCounter, type LimitGate, runLimits } from "./concurrency.js";
import { EngineHttpError } from "./core.js";

// The admission rules of named concurrency limits, without a database: what a claim admits given
// what executes, and what its pick may skip.

const gate = (g: Partial<LimitGate> = {}): LimitGate => ({
  paused: false,
  perKey: undefined,
  total: undefined,
  keys: new Map(),
  ...g,
});

/** Admits `runs` ([limits, key]) in order against `gates` with `executing` already running. */
function admitted(
  gates: Record<string, LimitGate>,
  executing: { name: string; key: string | null; n: number }[],
  runs: [string[] | null, string | null][],
): boolean[] {
  const counter = new LimitCounter(new Map(Object.entries(gates)), executing);
  return runs.map(([limits, key]) => counter.admit(limits, key));
}

describe("LimitCounter.admit", () => {
  it.each([
    ["no limits: always", { a: gate({ total: 0 }) }, [], [[null, null]], [true]],
    [
      "total 2, nothing running",
      { a: gate({ total: 2 }) },
      [],
      [
        [["a"], "x"],
        [["a"], "y"],
        [["a"], "z"],
      ],
      [true, true, false],
    ],
    [
      "total counts what already runs",
      { a: gate({ total: 2 }) },
      [{ name: "a", key: "x", n: 2 }],
      [[["a"], "y"]],
      [false],
    ],
    [
      "perKey 1: one per key, key-less runs share a pool",
      { a: gate({ perKey: 1 }) },
      [],
      [
        [["a"], "x"],
        [["a"], "x"],
        [["a"], "y"],
        [["a"], null],
        [["a"], null],
      ],
      [true, false, true, true, false],
    ],
    [
      "a key's override replaces perKey for it alone",
      { a: gate({ perKey: 1, keys: new Map([["x", 2]]) }) },
      [],
      [
        [["a"], "x"],
        [["a"], "x"],
        [["a"], "x"],
        [["a"], "y"],
        [["a"], "y"],
      ],
      [true, true, false, true, false],
    ],
    [
      "a key's override of 0 closes it",
      { a: gate({ keys: new Map([["x", 0]]) }) },
      [],
      [
        [["a"], "x"],
        [["a"], "y"],
      ],
      [false, true],
    ],
    ["paused: nothing", { a: gate({ paused: true }) }, [], [[["a"], null]], [false]],
    [
      "two limits: room needed in both, places taken in both",
      { a: gate({ total: 1 }), b: gate({ total: 5 }) },
      [],
      [
        [["b", "a"], null],
        [["b"], null],
        [["b", "a"], null],
      ],
      [true, true, false],
    ],
    [
      "a refused run takes no place",
      { a: gate({ total: 1 }), b: gate({ total: 1 }) },
      [{ name: "a", key: null, n: 1 }],
      [
        [["b", "a"], null],
        [["b"], null],
      ],
      [false, true],
    ],
    [
      "a limit no longer declared caps nothing",
      { a: gate({ total: 1 }) },
      [],
      [
        [["gone"], null],
        [["gone"], null],
      ],
      [true, true],
    ],
  ] as const)("%s", (_, gates, executing, runs, expected) => {
    expect(
      admitted(
        gates as Record<string, LimitGate>,
        executing as unknown as { name: string; key: string | null; n: number }[],
        runs as unknown as [string[] | null, string | null][],
      ),
    ).toEqual(expected);
  });
});

describe("LimitCounter.full", () => {
  const full = (
    gates: Record<string, LimitGate>,
    executing: { name: string; key: string | null; n: number }[],
  ) => new LimitCounter(new Map(Object.entries(gates)), executing).full();
  const k = (name: string, key: string) => `${name}${LIMIT_SEP}${key}`;

  it("names paused limits, limits at their total and pools at their bound", () => {
    const out = full(
      {
        paused: gate({ paused: true }),
        atTotal: gate({ total: 2 }),
        room: gate({ total: 3, perKey: 1 }),
        keyed: gate({ perKey: 5, keys: new Map([["vip", 0]]) }),
      },
      [
        { name: "atTotal", key: null, n: 2 },
        { name: "room", key: "x", n: 1 },
        { name: "keyed", key: "y", n: 4 },
      ],
    );
    expect(out.limits.sort()).toEqual(["atTotal", "paused"]);
    expect(out.keys.sort()).toEqual([k("keyed", "vip"), k("room", "x")].sort());
  });

  it("a perKey of 0 closes the whole limit unless a key's override opens one", () => {
    expect(full({ a: gate({ perKey: 0 }) }, []).limits).toEqual(["a"]);
    const opened = full({ a: gate({ perKey: 0, keys: new Map([["x", 2]]) }) }, []);
    expect(opened.limits).toEqual([]);
  });
});

describe("runLimits", () => {
  const declared = new Map([
    ["shared", { total: 1 }],
    ["wide", { total: 5 }],
    ["task/t", { total: 2 }],
  ]);
  const task = { inlineLimit: "task/t", limits: ["shared"] };

  it("the task's inline limit and its named ones, or the trigger's instead", () => {
    expect(runLimits(declared, task, undefined)).toEqual(["task/t", "shared"]);
    expect(runLimits(declared, task, ["wide"])).toEqual(["task/t", "wide"]);
    expect(runLimits(declared, task, [])).toEqual(["task/t"]);
    expect(runLimits(declared, { inlineLimit: undefined, limits: [] }, undefined)).toBeNull();
  });

  it.each([
    [["nope"], /"nope" is not declared/],
    [["task/t"], /"task\/t" is not declared/],
    [["shared", "wide", "shared"], /at most two/],
  ])("refuses %j with a 400", (names, message) => {
    let err: unknown;
    try {
      runLimits(declared, task, names);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(EngineHttpError);
    expect((err as EngineHttpError).status).toBe(400);
    expect((err as Error).message).toMatch(message);
  });
});
