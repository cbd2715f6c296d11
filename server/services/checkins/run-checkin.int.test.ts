import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../../../test/db.js";
import { recordingJobs } from "../../../test/recording-jobs.js";
import { loadSmsConfig } from "../../sms/config.js";
import type { SendInput } from "../../sms/index.js";
import { createSmsService } from "../../sms/send.js";
import { createPatient } from "../../sms/test-fixtures.js";
import { finishCheckIn, recordAnswer } from "./checkin-store.js";
import {
  type CheckInDeps,
  completeCheckIn,
  judgeReply,
  missCheckIn,
  questionSteps,
  startCheckIn,
} from "./run-checkin.js";

let t: TestDatabase;
const config = loadSmsConfig({});
const jobs = recordingJobs();
const sent: SendInput[] = [];

beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => t?.drop());

function deps(): CheckInDeps {
  const sms = createSmsService({ db: t.db, config });
  return {
    db: t.db,
    sms,
    jobs,
    send: async (input) => {
      sent.push(input);
      return sms.send(input);
    },
  };
}
async function checkInFor(over: Parameters<typeof createPatient>[1] = {}, slot = 1) {
  const { patient, episode } = await createPatient(t.db, over);
  const checkIn = await t.db.checkIn.create({
    data: { episodeId: episode.id, slot, scheduledAt: new Date() },
  });
  return { patient, episode, checkIn };
}
const inbound = (patientId: string, episodeId: string, body: string) =>
  t.db.message.create({
    data: {
      patientId,
      episodeId,
      direction: "INBOUND",
      body,
      status: "RECEIVED",
      idempotencyKey: `in:${Math.random()}`,
    },
  });

describe("run a check-in (the use case's steps)", () => {
  it("starts once, asks every question, records a judged answer and completes with thanks", async () => {
    const { patient, episode, checkIn } = await checkInFor();
    const started = await startCheckIn(t.db, checkIn.id, "run_a");
    if (started.kind !== "ASKING") throw new Error("not asking");
    expect(await t.db.checkIn.findUniqueOrThrow({ where: { id: checkIn.id } })).toMatchObject({
      status: "IN_PROGRESS",
      runId: "run_a",
    });
    const steps = questionSteps(started.run);
    expect(steps.length).toBeGreaterThan(1);
    expect(steps.every((s) => s.kind === "ASK")).toBe(true);
    const first = steps[0];
    if (first?.kind !== "ASK") throw new Error("no first question");
    const reply = await inbound(patient.id, episode.id, "no");
    const judged = await judgeReply(deps(), started.run, {
      question: first.question,
      messageId: reply.id,
      attempt: 0,
    });
    expect(judged).toEqual({ kind: "ANSWERED", severity: "NONE" });
    expect(await t.db.answer.count({ where: { checkInId: checkIn.id } })).toBe(1);

    // A re-executed run resumes from the latest answer (it is gone through again, idempotently).
    const resumed = await startCheckIn(t.db, checkIn.id, "run_b");
    if (resumed.kind !== "ASKING") throw new Error("not asking");
    expect(questionSteps(resumed.run)[0]?.kind).toBe("ASK");

    expect(await completeCheckIn(deps(), resumed.run, true)).toEqual({ outcome: "COMPLETED", well: true });
    expect((await t.db.episode.findUniqueOrThrow({ where: { id: episode.id } })).consecutiveWell).toBe(1);
    expect(sent.map((s) => s.idempotencyKey)).toContain(`thanks:${checkIn.id}`);
    expect(await startCheckIn(t.db, checkIn.id, "run_c")).toEqual({
      kind: "ENDED",
      end: { outcome: "COMPLETED", well: false },
    });
  });

  it("an unreadable reply asks again instead of recording an answer", async () => {
    const { patient, episode, checkIn } = await checkInFor();
    const started = await startCheckIn(t.db, checkIn.id, "run_r");
    if (started.kind !== "ASKING") throw new Error("not asking");
    const q = questionSteps(started.run).find((s) => s.kind === "ASK");
    if (q?.kind !== "ASK") throw new Error("no question");
    const reply = await inbound(patient.id, episode.id, "banana");
    const judged = await judgeReply(deps(), started.run, {
      question: q.question,
      messageId: reply.id,
      attempt: 0,
    });
    expect(judged.kind).toBe("REASK");
    expect(await t.db.answer.count({ where: { checkInId: checkIn.id } })).toBe(0);
  });

  it("cancels the check-in of an opted-out patient", async () => {
    const { checkIn } = await checkInFor({ optedOut: true });
    expect(await startCheckIn(t.db, checkIn.id, "run_x")).toEqual({
      kind: "ENDED",
      end: { outcome: "CANCELED", well: false },
    });
  });

  it("two missed check-ins in a row open an UNABLE_TO_REACH task", async () => {
    const { patient, episode, checkIn } = await checkInFor();
    const ctx = {
      checkInId: checkIn.id,
      patientId: patient.id,
      episodeId: episode.id,
      language: "EN" as const,
      tags: [],
    };
    expect(await missCheckIn(deps(), ctx)).toEqual({ outcome: "NO_RESPONSE", well: false });
    expect(await t.db.escalationTask.count({ where: { patientId: patient.id } })).toBe(0);
    const second = await t.db.checkIn.create({
      data: { episodeId: episode.id, slot: 2, scheduledAt: new Date() },
    });
    await missCheckIn(deps(), { ...ctx, checkInId: second.id });
    const task = await t.db.escalationTask.findFirstOrThrow({ where: { patientId: patient.id } });
    expect(task).toMatchObject({ primaryReason: "UNABLE_TO_REACH", severity: "ROUTINE" });
  });

  it("records an answer once per (check-in, topic, message), also when replayed, and without a check-in", async () => {
    const { patient, episode, checkIn } = await checkInFor();
    const msg = await inbound(patient.id, episode.id, "2");
    const answer = (checkInId: string | null) => ({
      episodeId: episode.id,
      checkInId,
      messageId: msg.id,
      topic: "hf_breath",
      rawReply: "2",
      parsedValue: { kind: "choice", value: 2 },
      ruleId: null,
      ruleVersion: null,
      severity: "ROUTINE" as const,
      reasonCode: null,
      explanation: { text: "test" },
    });
    const first = await recordAnswer(t.db, answer(checkIn.id));
    expect(await recordAnswer(t.db, answer(checkIn.id))).toBe(first);
    const loose = await recordAnswer(t.db, answer(null));
    expect(loose).not.toBe(first);
    expect(await recordAnswer(t.db, answer(null))).toBe(loose);
    expect(await t.db.answer.count({ where: { messageId: msg.id } })).toBe(2);
  });
});

describe("finishCheckIn: the check-in's end and the episode's streaks, once", () => {
  const streaks = async (episodeId: string) =>
    t.db.episode.findUniqueOrThrow({
      where: { id: episodeId },
      select: { consecutiveWell: true, consecutiveMissed: true },
    });
  it.each([
    { outcome: "COMPLETED", well: true, after: { consecutiveWell: 3, consecutiveMissed: 0 } },
    { outcome: "COMPLETED", well: false, after: { consecutiveWell: 0, consecutiveMissed: 0 } },
    { outcome: "NO_RESPONSE", well: false, after: { consecutiveWell: 0, consecutiveMissed: 2 } },
    { outcome: "NO_RESPONSE", well: true, after: { consecutiveWell: 0, consecutiveMissed: 2 } },
  ] as const)("$outcome (well: $well) moves the streaks from 2 well, 1 missed to $after", async (c) => {
    const { episode, checkIn } = await checkInFor();
    await t.db.episode.update({
      where: { id: episode.id },
      data: { consecutiveWell: 2, consecutiveMissed: 1 },
    });
    const first = await finishCheckIn(t.db, checkIn.id, c.outcome, c.well);
    expect(first).toEqual({ consecutiveMissed: c.after.consecutiveMissed, changed: true });
    expect(await streaks(episode.id)).toEqual(c.after);
    const row = await t.db.checkIn.findUniqueOrThrow({ where: { id: checkIn.id } });
    expect(row).toMatchObject({ status: c.outcome, waitTokenId: null, currentTopic: null });
    expect(row.completedAt).toBeInstanceOf(Date);
    // Once: a second finish (a replay, a late timeout) changes nothing and reports the streak.
    expect(await finishCheckIn(t.db, checkIn.id, "NO_RESPONSE", false)).toEqual({
      consecutiveMissed: c.after.consecutiveMissed,
      changed: false,
    });
    expect(await streaks(episode.id)).toEqual(c.after);
    expect((await t.db.checkIn.findUniqueOrThrow({ where: { id: checkIn.id } })).status).toBe(c.outcome);
  });

  it("an after-visit check-in ends without moving the regular schedule's streaks", async () => {
    const { episode, checkIn } = await checkInFor();
    await t.db.episode.update({
      where: { id: episode.id },
      data: { consecutiveWell: 2, consecutiveMissed: 1 },
    });
    await t.db.checkIn.update({
      where: { id: checkIn.id },
      data: { afterVisit: "24H", status: "IN_PROGRESS" },
    });
    expect(await finishCheckIn(t.db, checkIn.id, "NO_RESPONSE", false)).toEqual({
      consecutiveMissed: 1,
      changed: false,
    });
    expect(await streaks(episode.id)).toEqual({ consecutiveWell: 2, consecutiveMissed: 1 });
    expect((await t.db.checkIn.findUniqueOrThrow({ where: { id: checkIn.id } })).status).toBe("NO_RESPONSE");
  });

  it("an unknown check-in is an error", async () => {
    await expect(finishCheckIn(t.db, "no-such-check-in", "COMPLETED", true)).rejects.toThrow(/not found/);
  });
});
