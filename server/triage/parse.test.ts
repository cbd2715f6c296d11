import { describe, expect, it } from "vitest";
import type { AnswerSpec } from "./model/types.js";
import { readNumbers } from "./numbers.js";
import { parseNumber, parseOption, parseYesNo } from "./parse.js";
import { QUESTIONS } from "./protocols/questions.js";
import { normalize } from "./text.js";

const nums = (s: string) => readNumbers(normalize(s)).map((n) => (n.unit ? `${n.value} ${n.unit}` : n.value));
const spec = <K extends AnswerSpec["kind"]>(topic: keyof typeof QUESTIONS, kind: K) => {
  const a = QUESTIONS[topic].answer;
  if (a.kind !== kind) throw new Error(`${topic} is not ${kind}`);
  return a as Extract<AnswerSpec, { kind: K }>;
};
const yn = (s: string, hints = false) => {
  const r = parseYesNo(normalize(s), hints ? spec("hf_swelling", "yes_no").yesHints : undefined);
  return r.ok && r.value.kind === "yes_no" ? r.value.value : r.ok ? "?" : r.why;
};
const option = (topic: keyof typeof QUESTIONS, s: string) => {
  const r = parseOption(normalize(s), spec(topic, "option"));
  return r.ok && r.value.kind === "option" ? r.value.value : r.ok ? "?" : r.why;
};

describe("normalize", () => {
  it("strips accents, apostrophes and case and splits digits from units", () => {
    expect(normalize("Sí, NO PUEDO respirar")).toEqual(["si", "|", "no", "puedo", "respirar"]);
    expect(normalize("can't breathe")).toEqual(["cant", "breathe"]);
    expect(normalize("185lbs")).toEqual(["185", "lbs"]);
    expect(normalize("101.2°F")).toEqual(["101.2", "f"]);
    expect(normalize("yesss!!")).toEqual(["yes", "|"]);
  });
  it("reads a Spanish decimal comma but keeps list commas as clause breaks", () => {
    expect(normalize("176,5")).toEqual(["176.5"]);
    expect(normalize("no, but")).toEqual(["no", "|", "|"]);
  });
  it("drops times and dates so they are not read as answers", () => {
    expect(normalize("99 at 8pm on 11/21")).toEqual(["99", "at", "on"]);
    expect(normalize("took it 7:30")).toEqual(["took", "it"]);
  });
});

describe("readNumbers", () => {
  it("reads digits, decimals and units", () => {
    expect(nums("185lbs")).toEqual(["185 lb"]);
    expect(nums("185.4 pounds")).toEqual(["185.4 lb"]);
    expect(nums("weight 185.4")).toEqual([185.4]);
    expect(nums("101 degrees")).toEqual(["101 F"]);
    expect(nums("80 kilos")).toEqual(["80 kg"]);
    expect(nums("350 mg/dL")).toEqual(["350 mg/dL"]);
    expect(nums("5.5 mmol/L")).toEqual(["5.5 mmol/L"]);
  });
  it("reads English number words", () => {
    expect(nums("two")).toEqual([2]);
    expect(nums("one hundred eighty five")).toEqual([185]);
    expect(nums("one hundred and eighty-five pounds")).toEqual(["185 lb"]);
    expect(nums("a hundred and two")).toEqual([102]);
    expect(nums("ninety nine point five")).toEqual([99.5]);
    expect(nums("twelve")).toEqual([12]);
  });
  it("reads Spanish number words", () => {
    expect(nums("dos")).toEqual([2]);
    expect(nums("ciento ochenta y cinco libras")).toEqual(["185 lb"]);
    expect(nums("doscientos diez")).toEqual([210]);
    expect(nums("treinta y ocho punto dos")).toEqual([38.2]);
    expect(nums("veintidos")).toEqual([22]);
  });
  it("keeps separate spoken numbers apart", () => {
    expect(nums("two three")).toEqual([2, 3]);
    expect(nums("2 or 3")).toEqual([2, 3]);
    expect(nums("five and six")).toEqual([5, 6]);
  });
});

describe("parseYesNo", () => {
  it.each([
    ["yes", true],
    ["yes!!", true],
    ["Yeah", true],
    ["yep", true],
    ["si", true],
    ["sí", true],
    ["Y", true],
    ["a little", true],
    ["no", false],
    ["nope", false],
    ["nah", false],
    ["N", false],
    ["no tengo", false],
    ["nada", false],
    ["not really", false],
    ["im fine", false],
  ] as const)("%s -> %s", (reply, value) => {
    expect(yn(reply)).toBe(value);
  });
  it.each([
    ["not sure", "AMBIGUOUS"],
    ["no sé", "AMBIGUOUS"],
    ["no estoy bien", "AMBIGUOUS"],
    ["yes and no", "AMBIGUOUS"],
    ["what", "NO_ANSWER"],
    ["", "NO_ANSWER"],
  ] as const)("%s is re-asked (%s)", (reply, why) => {
    expect(yn(reply)).toBe(why);
  });
  it("takes a named symptom as YES and a negated one as NO", () => {
    expect(yn("my ankles are swollen", true)).toBe(true);
    expect(yn("no, but I'm dizzy", true)).toBe(true);
    expect(yn("no swelling", true)).toBe(false);
    expect(yn("sin hinchazón", true)).toBe(false);
    expect(yn("not dizzy but my feet are puffy", true)).toBe(true);
  });
});

describe("parseOption", () => {
  it("reads digits with trailing words", () => {
    expect(option("hf_breathing", "2 - worse")).toBe(2);
    expect(option("hf_breathing", "option 3")).toBe(3);
    expect(option("hf_breathing", "#2")).toBe(2);
    expect(option("hf_breathing", "2)")).toBe(2);
    expect(option("hf_breathing", "opción 4")).toBe(4);
  });
  it("reads number words and option words", () => {
    expect(option("hf_breathing", "two")).toBe(2);
    expect(option("hf_breathing", "dos")).toBe(2);
    expect(option("copd_breathing", "much worse")).toBe(3);
    expect(option("copd_breathing", "worse")).toBe(2);
    expect(option("pna_mucus", "yellowish green")).toBe(2);
    expect(option("medications", "stopped one")).toBe(3);
  });
  it("maps YES/NO where the question defines it", () => {
    expect(option("medications", "yes")).toBe(1);
    expect(option("followup", "si")).toBe(1);
    expect(option("ami_chest_pain", "no")).toBe(1);
    expect(option("medications", "no")).toBe("AMBIGUOUS");
  });
  it("re-asks out-of-range, decimal and conflicting answers", () => {
    expect(option("hf_breathing", "5")).toBe("OUT_OF_RANGE");
    expect(option("hf_breathing", "2.5")).toBe("OUT_OF_RANGE");
    expect(option("hf_breathing", "2 or 3")).toBe("AMBIGUOUS"); // judged as both readings, worse kept
    expect(option("hf_breathing", "ok?")).toBe(1);
    expect(option("hf_breathing", "what do you mean")).toBe("NO_ANSWER");
  });
  it("ignores a number that is not an option when words name one", () => {
    expect(option("ami_chest_pain", "more than 5 minutes")).toBe(3);
  });
  it("drops option words that are negated", () => {
    expect(option("copd_breathing", "not worse")).toBe("NO_ANSWER");
  });
});

describe("parseNumber", () => {
  const weight = spec("hf_weight", "number");
  const temp = spec("pna_temperature", "number");
  const sugar = spec("dm_glucose", "number");
  const value = (s: string, sp = weight, last?: number) => {
    const r = parseNumber(normalize(s), sp, s, last);
    if (!r.ok) return r.why;
    if (r.value.kind !== "number") return "?";
    return r.implausible ? `implausible ${r.value.value}` : r.value.value;
  };
  it("converts kg to lb and Celsius to F", () => {
    expect(value("85 kg")).toBe(187.4);
    expect(value("38.5", temp)).toBe(101.3);
    expect(value("38,2 grados", temp)).toBe(100.8);
    expect(value("37 C", temp)).toBe(98.6);
    expect(value("5.5 mmol", sugar)).toBe(99);
  });
  it("ignores numbers with a unit the question does not take", () => {
    expect(value("101.2F")).toBe("NO_ANSWER");
    expect(value("185 lbs", temp)).toBe("NO_ANSWER");
  });
  it("picks the single plausible number among several", () => {
    expect(value("185 lbs, up 3 from yesterday")).toBe(185);
    expect(value("185 or 186")).toBe("AMBIGUOUS");
  });
  it("drops weights said to be in the past when today's is also given", () => {
    expect(value("182 yesterday and 185 today")).toBe(185);
    expect(value("I'm at 185 now, was 190 last week")).toBe(185);
    expect(value("was 190 before")).toBe(190);
    expect(value("it was 45 then 90", sugar)).toBe("AMBIGUOUS");
  });
  it("flags implausible values, including a 30 lb jump from the last weight", () => {
    expect(value("1850")).toBe("implausible 1850");
    expect(value("45")).toBe("implausible 45");
    expect(value("215", weight, 182)).toBe("implausible 215");
    expect(value("211", weight, 182)).toBe(211);
  });
  it("reads meter LO/HI only when it is clearly the meter", () => {
    expect(value("LO", sugar)).toBe(19);
    expect(value("it says hi", sugar)).toBe(601);
    expect(value("hi", sugar)).toBe("NO_ANSWER");
  });
});
