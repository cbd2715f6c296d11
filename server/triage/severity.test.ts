import { describe, expect, it } from "vitest";
import type { Severity } from "./model/types.js";
import { maxSeverity, SEVERITY_POLICY, severityRank, slaFor } from "./severity.js";

const at = new Date("2026-03-01T10:00:00.000Z");

describe("severity policy", () => {
  it("maps each severity to the product's priority, SLA and patient reply", () => {
    expect(SEVERITY_POLICY.EMERGENT).toMatchObject({
      taskPriority: "URGENT",
      dueInMinutes: 15,
      warnBeforeMinutes: 5,
      patientReply: "EMERGENCY_911",
    });
    expect(SEVERITY_POLICY.URGENT).toMatchObject({
      taskPriority: "HIGH",
      dueInMinutes: 120,
      warnBeforeMinutes: 60,
      patientReply: "NURSE_WILL_CALL",
    });
    expect(SEVERITY_POLICY.ROUTINE).toMatchObject({
      taskPriority: "NORMAL",
      dueInMinutes: 1440,
      warnBeforeMinutes: 240,
      patientReply: "ACK",
    });
    expect(SEVERITY_POLICY.NONE).toMatchObject({
      taskPriority: null,
      dueInMinutes: null,
      patientReply: "THANKS",
    });
  });

  it("computes warn and due times from the creation time", () => {
    expect(slaFor("EMERGENT", at)).toEqual({
      dueAt: new Date("2026-03-01T10:15:00.000Z"),
      warnAt: new Date("2026-03-01T10:10:00.000Z"),
    });
    expect(slaFor("URGENT", at)).toEqual({
      dueAt: new Date("2026-03-01T12:00:00.000Z"),
      warnAt: new Date("2026-03-01T11:00:00.000Z"),
    });
    expect(slaFor("ROUTINE", at)).toEqual({
      dueAt: new Date("2026-03-02T10:00:00.000Z"),
      warnAt: new Date("2026-03-02T06:00:00.000Z"),
    });
    expect(slaFor("NONE", at)).toBeNull();
  });

  it("orders severities", () => {
    expect(maxSeverity("NONE", "ROUTINE")).toBe("ROUTINE");
    expect(maxSeverity("EMERGENT", "URGENT")).toBe("EMERGENT");
    expect(maxSeverity("URGENT", "URGENT")).toBe("URGENT");
    const mixed: Severity[] = ["URGENT", "NONE", "EMERGENT", "ROUTINE"];
    expect(mixed.sort((a, b) => severityRank(a) - severityRank(b))).toEqual([
      "NONE",
      "ROUTINE",
      "URGENT",
      "EMERGENT",
    ]);
  });
});
