import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import * as prisma from "../db/generated/enums.js";
import {
  DISPOSITION_OPTIONS,
  DISPOSITIONS,
  MDM_LEVELS,
  PROTOCOL_IDS,
  PROTOCOL_OPTIONS,
  QUEUE_REASON_CODES,
  queueFiltersSchema,
  SEVERITIES,
  SLA_POLICY,
  savedFiltersSchema,
  TASK_PRIORITIES,
  TASK_SEVERITIES,
  TASK_STATUSES,
} from "./index.js";

// Prisma's schema cannot import TypeScript, so the database enums are the one second copy we keep;
// these checks make any drift between the two fail CI, at compile time and at run time.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const sameTypes: [
  Same<(typeof PROTOCOL_IDS)[number], prisma.Protocol>,
  Same<(typeof SEVERITIES)[number], prisma.Severity>,
  Same<(typeof TASK_PRIORITIES)[number], prisma.TaskPriority>,
  Same<(typeof TASK_STATUSES)[number], prisma.TaskStatus>,
  Same<(typeof DISPOSITIONS)[number], prisma.Disposition>,
] = [true, true, true, true, true];

describe("domain vocabulary", () => {
  it("equals the generated Prisma enums, in the same order", () => {
    expect(sameTypes).toEqual([true, true, true, true, true]);
    expect(PROTOCOL_IDS).toEqual(Object.values(prisma.Protocol));
    expect(SEVERITIES).toEqual(Object.values(prisma.Severity));
    expect(TASK_PRIORITIES).toEqual(Object.values(prisma.TaskPriority));
    expect(TASK_STATUSES).toEqual(Object.values(prisma.TaskStatus));
    expect(DISPOSITIONS).toEqual(Object.values(prisma.Disposition));
  });

  it("keeps the TCM MDM levels equal to the Prisma enum", () => {
    const same: Same<(typeof MDM_LEVELS)[number], prisma.MdmLevel> = true;
    expect(same).toBe(true);
    expect(MDM_LEVELS).toEqual(Object.values(prisma.MdmLevel));
  });

  it("labels every protocol and disposition in enum order", () => {
    expect(PROTOCOL_OPTIONS.map((o) => o.value)).toEqual([...PROTOCOL_IDS]);
    expect(DISPOSITION_OPTIONS.map((o) => o.value)).toEqual([...DISPOSITIONS]);
    for (const o of [...PROTOCOL_OPTIONS, ...DISPOSITION_OPTIONS]) expect(o.label.length).toBeGreaterThan(2);
  });

  it("gives every task severity a priority and an SLA with the warning before the due time", () => {
    for (const s of TASK_SEVERITIES) {
      const p = SLA_POLICY[s];
      expect(p.taskPriority).not.toBeNull();
      expect(p.dueInMinutes).toBeGreaterThan(p.warnBeforeMinutes ?? Number.POSITIVE_INFINITY);
    }
    expect(SLA_POLICY.NONE).toEqual({ taskPriority: null, dueInMinutes: null, warnBeforeMinutes: null });
  });
});

describe("queue filters", () => {
  it("fills the defaults and bounds what the queue is asked for", () => {
    expect(queueFiltersSchema.parse({})).toEqual({ scope: "all", limit: 500 });
    expect(queueFiltersSchema.safeParse({ priority: ["HIGH", "HIGH", "HIGH", "HIGH"] }).success).toBe(false);
    expect(queueFiltersSchema.safeParse({ reason: ["not a code"] }).success).toBe(false);
    expect(queueFiltersSchema.safeParse({ protocol: ["XX"] }).success).toBe(false);
    expect(queueFiltersSchema.safeParse({ limit: 2001 }).success).toBe(false);
  });

  it("re-reads a saved view's filters without the queue-only fields", () => {
    const saved = savedFiltersSchema.parse({ protocol: ["HF"], severity: ["URGENT"], limit: 5 });
    expect(saved).toEqual({ scope: "all", protocol: ["HF"] });
  });
});

describe("what domain/ may import", () => {
  const dir = path.dirname(new URL(import.meta.url).pathname);
  const sources = readdirSync(dir).filter((f) => f.endsWith(".ts") && !f.endsWith(".test.ts"));
  const importsOf = (f: string) =>
    [...readFileSync(path.join(dir, f), "utf8").matchAll(/from "([^"]+)"/g)].map((m) => m[1] ?? "");

  it("imports nothing but zod and itself, so the SPA, e2e and scripts can all load it", () => {
    for (const f of sources) for (const spec of importsOf(f)) expect(spec).toMatch(/^(zod|\.\/[a-z-]+\.js)$/);
  });

  it("keeps zod out of the list modules the SPA imports", () => {
    const withZod = sources.filter((f) => importsOf(f).includes("zod")).sort();
    expect(withZod).toEqual(["queue-filter.ts", "schemas.ts"]);
  });
});

describe("reason codes", () => {
  // Every literal reason code in the product's sources (server/ and trigger/, tests and the triage
  // case tables aside); NO_CONCERN is the severity-NONE rule's, which never opens a task.
  const root = path.resolve(import.meta.dirname, "../..");
  const sources = ["server", "trigger"].flatMap((top) =>
    readdirSync(path.join(root, top), { recursive: true, encoding: "utf8" })
      .filter((f) => f.endsWith(".ts") && !f.includes(".test.") && !f.includes("cases"))
      .map((f) => readFileSync(path.join(root, top, f), "utf8")),
  );
  const raised = new Set(
    sources.flatMap((text) =>
      [...text.matchAll(/reasonCode: ([^,\n]+)/g)].flatMap((m) =>
        [...m[1]!.matchAll(/"([A-Z_]+)"/g)].map((c) => c[1]!),
      ),
    ),
  );
  raised.delete("NO_CONCERN");

  it("offers every code a task can carry in the queue's reason filter", () => {
    expect(raised.size).toBeGreaterThan(30);
    expect([...raised].filter((code) => !(QUEUE_REASON_CODES as readonly string[]).includes(code))).toEqual(
      [],
    );
  });
});
