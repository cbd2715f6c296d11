import { describe, expect, it } from "vitest";
import { scopesAllow } from "./auth.js";
import type { RealtimeScope } from "./types.js";

const run: RealtimeScope = {
  kind: "run",
  runId: "run_a",
  runTags: ["patient:1", "kind:checkin"],
  batchId: "batch_b",
};

describe("scopesAllow", () => {
  it("grants a run through its id, one of its tags or its batch", () => {
    expect(scopesAllow(["read:runs:run_a"], run)).toBe(true);
    expect(scopesAllow(["read:tags:patient:1"], run)).toBe(true);
    expect(scopesAllow(["read:batch:batch_b"], run)).toBe(true);
  });

  it("refuses a run the scopes do not name", () => {
    expect(scopesAllow([], run)).toBe(false);
    expect(scopesAllow(["read:runs:run_other", "read:tags:patient:2", "read:batch:batch_x"], run)).toBe(
      false,
    );
    expect(scopesAllow(["write:runs:run_a", "read:runs:run_a:extra"], run)).toBe(false);
  });

  it("grants a tag shape when any requested tag is readable, since every row carries all of them", () => {
    expect(scopesAllow(["read:tags:ward:3"], { kind: "tags", tags: ["ward:3", "kind:x"] })).toBe(true);
    expect(scopesAllow(["read:tags:ward:4"], { kind: "tags", tags: ["ward:3"] })).toBe(false);
  });

  it("lets the super scopes read everything", () => {
    for (const scope of ["read:runs", "read:all", "admin"]) {
      expect(scopesAllow([scope], run)).toBe(true);
      expect(scopesAllow([scope], { kind: "batch", batchId: "batch_z" })).toBe(true);
    }
  });
});
