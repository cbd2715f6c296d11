import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { type FakeLlm, startFakeLlm } from "../../test/fake-llm/server.js";
import type { JudgeInput } from "../triage/index.js";
import { type LlmReaderConfig, LlmReaderConfigError, llmReaderConfig } from "./config.js";
import { judgeWithReader, LLM_RULE_ID } from "./reader.js";
import { redactReply } from "./redact.js";

let fake: FakeLlm;
let config: LlmReaderConfig;

beforeAll(async () => {
  fake = await startFakeLlm();
  config = { url: fake.baseUrl, model: "fake-model", apiKey: "k-test", timeoutMs: 300 };
});
afterAll(async () => {
  await fake?.close();
});
beforeEach(() => {
  fake.requests.length = 0;
});

const unreadable: JudgeInput = {
  protocol: "HF",
  topic: "hf_breathing",
  reply: "ugh same as the thing from before lol",
};

describe("judgeWithReader against a fake OpenAI-compatible endpoint", () => {
  it("never calls the model when the reader is off or the rules read a bare answer", async () => {
    const off = await judgeWithReader(unreadable, { config: null });
    expect(off.judgement.outcome).toBe("UNPARSEABLE");
    expect(off.readers).toEqual([{ reader: "rules", outcome: "UNPARSEABLE", reason: "NO_ANSWER" }]);
    const bare = await judgeWithReader({ protocol: "HF", topic: "hf_breathing", reply: "2" }, { config });
    expect(bare.judgement.outcome === "ANSWER" && bare.judgement.severity).toBe("URGENT");
    expect(fake.requests).toHaveLength(0);
  });

  it("fills an unread answer, which the rules then judge", async () => {
    fake.set({
      kind: "reading",
      reading: { answer: "2", severity: "URGENT", symptoms: ["breathless on stairs"] },
    });
    const r = await judgeWithReader(unreadable, { config });
    expect(r.judgement.outcome).toBe("ANSWER");
    if (r.judgement.outcome !== "ANSWER") return;
    expect(r.judgement.ruleId).toBe("hf.breathing.worse");
    expect(r.judgement.explanation).toContain("filled by the language-model reader");
    expect(r.readers[1]).toMatchObject({ reader: "llm", used: "FILLED_ANSWER", answer: "2" });
    const req = fake.requests[0];
    expect(req?.authorization).toBe("Bearer k-test");
    expect(req?.body.model).toBe("fake-model");
    expect(req?.body.response_format).toEqual({ type: "json_object" });
  });

  it("raises severity for symptoms outside the question", async () => {
    fake.set({
      kind: "reading",
      reading: { answer: "185 lb", severity: "URGENT", rationale: "new leg swelling" },
    });
    const r = await judgeWithReader(
      {
        protocol: "HF",
        topic: "hf_weight",
        reply: "185 today, legs look kind of weird and big",
        history: { weights: [{ daysAgo: 1, lb: 185 }] },
      },
      { config },
    );
    expect(r.judgement.outcome === "ANSWER" && r.judgement.severity).toBe("URGENT");
    expect(r.judgement.outcome === "ANSWER" && r.judgement.ruleId).toBe(LLM_RULE_ID);
    expect(r.judgement.outcome === "ANSWER" && r.judgement.alsoMatched[0]?.ruleId).toBe("hf.weight.stable");
    expect(r.readers.map((n) => n.reader)).toEqual(["rules", "llm"]);
  });

  it("never lowers what the rules found", async () => {
    fake.set({ kind: "reading", reading: { answer: "1", severity: "NONE" } });
    const r = await judgeWithReader(
      { protocol: "HF", topic: "hf_swelling", reply: "my shoes feel tight and my ankles look puffy tonight" },
      { config },
    );
    expect(r.judgement.outcome === "ANSWER" && r.judgement.severity).toBe("URGENT");
    expect(r.judgement.outcome === "ANSWER" && r.judgement.reasonCode).toBe("HF_SWELLING");
    expect(r.readers[1]).toMatchObject({ used: "NOT_HIGHER", severity: "NONE" });
  });

  it("does not ask about an EMERGENT reply (nothing could change it)", async () => {
    const r = await judgeWithReader(
      { protocol: "HF", topic: "hf_weight", reply: "185 but my chest hurts so bad" },
      { config },
    );
    expect(r.judgement.outcome === "ANSWER" && r.judgement.severity).toBe("EMERGENT");
    expect(fake.requests).toHaveLength(0);
  });

  it.each([
    ["garbage text", { kind: "raw", content: "sure! the patient seems fine :)" }],
    ["JSON of the wrong shape", { kind: "raw", content: '{"severity":"PANIC"}' }],
    ["an HTTP 500", { kind: "status", status: 500 }],
    ["a timeout", { kind: "slow", delayMs: 1500, reading: { answer: "1", severity: "NONE" } }],
  ] as const)("falls back to the rules on %s (unreadable is still re-asked)", async (_name, behaviour) => {
    fake.set(behaviour);
    const r = await judgeWithReader(unreadable, { config });
    expect(r.judgement.outcome).toBe("UNPARSEABLE");
    expect(r.readers[1]).toMatchObject({ reader: "llm", used: "FAILED" });
  });

  it("keeps an unread reply for a re-ask when the model only says ROUTINE", async () => {
    fake.set({ kind: "reading", reading: { answer: null, severity: "ROUTINE" } });
    const r = await judgeWithReader(unreadable, { config });
    expect(r.judgement.outcome).toBe("UNPARSEABLE");
  });

  it("sends only the redacted reply, the question and the protocol", async () => {
    fake.set({ kind: "reading", reading: { answer: null, severity: "NONE" } });
    await judgeWithReader(
      {
        protocol: "HF",
        topic: "hf_breathing",
        reply: "This is Maria Lopez, call me at (555) 123-4567 or maria@x.org, hmm",
      },
      { config, redactNames: ["Maria", "Lopez"] },
    );
    const sent = JSON.stringify(fake.requests[0]?.body);
    expect(sent).not.toMatch(/Maria|Lopez|555|4567|maria@x/);
    expect(sent).toContain("[name]");
    expect(sent).toContain("[phone]");
    expect(sent).toContain("Breathing today");
  });
});

describe("llmReaderConfig and redaction", () => {
  it("is off unless both URL and model are set, and names a bad variable", () => {
    expect(llmReaderConfig({})).toBeNull();
    expect(llmReaderConfig({ LLM_READER_URL: "http://h/v1/", LLM_READER_MODEL: "m" })).toEqual({
      url: "http://h/v1",
      model: "m",
      timeoutMs: 4000,
    });
    expect(() => llmReaderConfig({ LLM_READER_URL: "http://h/v1" })).toThrow(LlmReaderConfigError);
    expect(() => llmReaderConfig({ LLM_READER_URL: "not a url", LLM_READER_MODEL: "m" })).toThrow(
      /LLM_READER_URL/,
    );
  });

  it("keeps clinical numbers", () => {
    expect(redactReply("120 135 150, 185 lbs")).toBe("120 135 150, 185 lbs");
    expect(redactReply("text 555-123-4567")).toBe("text [phone]");
  });
});
