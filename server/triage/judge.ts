import { readTokens } from "./clinical-lexicon.js";
import { detectEmergencyTokens, detectOptOutTokens } from "./emergency.js";
import { type EvalInput, evaluate } from "./evaluate.js";
import { answer, best, describeParsed, type Hit, type Judgement, TriageInputError } from "./judgement.js";
import type { History, JudgeInput, Lang, ParsedValue, QuestionDef, RuleDef, Topic } from "./model/types.js";
import { type NumberParse, parseNumber, parseOption, parseYesNo } from "./parse.js";
import { pastReadings } from "./parse-number.js";
import { QUESTIONS } from "./protocols/questions.js";
import { getProtocol } from "./protocols/registry.js";
import { REASK_EXHAUSTED_RULE } from "./protocols/rules-general.js";
import { IMPLAUSIBLE_REASK_LIMIT, REASK_LIMIT, reaskText } from "./reask.js";
import { severityRank } from "./severity.js";

export type { AnswerJudgement, Judgement, Sla, UnparseableJudgement } from "./judgement.js";
export { TriageInputError };

function latestWeight(h: History): number | undefined {
  const ws = [...(h.weights ?? [])].sort((a, b) => a.daysAgo - b.daysAgo);
  return ws[0]?.lb;
}

function parseFor(q: QuestionDef, tokens: string[], raw: string, history: History): NumberParse {
  switch (q.answer.kind) {
    case "yes_no":
      return parseYesNo(tokens, q.answer.yesHints);
    case "option":
      return parseOption(tokens, q.answer);
    case "number":
      return parseNumber(tokens, q.answer, raw, q.topic === "hf_weight" ? latestWeight(history) : undefined);
    case "free_text":
      return { ok: true, value: { kind: "text", matched: [] } };
  }
}

/**
 * A weight answer that names an earlier weight ("190 today, 186 yesterday") is judged against it as well as
 * against the stored ones: where the two disagree, the larger gain counts.
 */
function withNamedWeights(history: History, q: QuestionDef, tokens: readonly string[]): History {
  if (q.topic !== "hf_weight" || q.answer.kind !== "number") return history;
  const named = pastReadings(tokens, q.answer).map((r) => ({ daysAgo: r.daysAgo, lb: r.value }));
  return named.length > 0 ? { ...history, weights: [...(history.weights ?? []), ...named] } : history;
}

function applies(rule: RuleDef, topic: Topic): boolean {
  return rule.appliesTo === "ANY_REPLY" || rule.appliesTo.includes(topic);
}

interface Scan {
  rules: readonly RuleDef[];
  topic: Topic;
  base: Omit<EvalInput, "parsed" | "implausible">;
  skipImplausibleRule: boolean;
}

function collectHits(scan: Scan, parsed: ParsedValue | null, implausible: boolean): Hit[] {
  const hits: Hit[] = [];
  const input: EvalInput = { ...scan.base, parsed, implausible };
  scan.rules.forEach((rule, order) => {
    if (!applies(rule, scan.topic)) return;
    if (scan.skipImplausibleRule && rule.when.kind === "implausible") return;
    const evidence = evaluate(rule.when, input);
    if (evidence) hits.push({ rule, evidence, order });
  });
  return hits;
}

/** Several readings in one reply: judge each, keep the most concerning (ties: the first reading). */
function judgeAlternatives(
  scan: Scan,
  alternatives: ParsedValue[],
): { hit: Hit; parsed: ParsedValue; hits: Hit[] } | null {
  let chosen: { hit: Hit; parsed: ParsedValue; hits: Hit[] } | null = null;
  const all = new Map<string, Hit>();
  for (const alt of alternatives) {
    const hits = collectHits(scan, alt, false);
    for (const h of hits) if (!all.has(h.rule.id)) all.set(h.rule.id, h);
    const hit = best(hits);
    if (hit && (!chosen || severityRank(hit.rule.severity) > severityRank(chosen.hit.rule.severity))) {
      chosen = { hit, parsed: alt, hits };
    }
  }
  if (!chosen) return null;
  // "3 and 4" means both: the other readings' rules are kept in alsoMatched for the nurse.
  chosen.hits = [...all.values()];
  const shown = alternatives.map(describeParsed).join(", ");
  const detail = [chosen.hit.evidence.detail, `several readings (${shown}); judged the most concerning`];
  const evidence = { ...chosen.hit.evidence, detail: detail.filter(Boolean).join("; ") };
  return { ...chosen, hit: { ...chosen.hit, evidence } };
}

/**
 * Judges one reply to one question. Pure: no clock, no I/O; history and context come from the caller.
 * Emergency words and plain-language opt-out requests are checked on every reply, whatever the topic.
 */
export function judgeReply(input: JudgeInput): Judgement {
  const proto = getProtocol(input.protocol, input.protocolVersion);
  const lang: Lang = input.language?.toLowerCase() === "es" ? "es" : "en";
  const topic = input.topic;
  const question =
    topic === "free_text"
      ? QUESTIONS.free_text
      : [...proto.questions, ...proto.afterVisit["24H"], ...proto.afterVisit["1W"]].find(
          (q) => q.topic === topic,
        );
  if (!question)
    throw new TriageInputError(`Topic ${topic} is not part of protocol ${proto.id} v${proto.version}`);
  const stored = input.history ?? {};
  const reaskCount = input.reaskCount ?? 0;
  const tokens = readTokens(input.reply);
  const parse = parseFor(question, tokens, input.reply, stored);
  const history = withNamedWeights(stored, question, tokens);
  const parsed = parse.ok ? parse.value : null;
  const implausible = parse.ok && parse.implausible === true;
  const scan: Scan = {
    rules: proto.rules,
    topic,
    base: {
      tokens,
      emergency: detectEmergencyTokens(tokens),
      optOut: detectOptOutTokens(tokens),
      history,
      context: input.context ?? {},
    },
    skipImplausibleRule: implausible && reaskCount < IMPLAUSIBLE_REASK_LIMIT,
  };
  const base = {
    protocol: proto.id,
    protocolVersion: proto.version,
    topic,
    ...(input.receivedAt ? { receivedAt: input.receivedAt } : {}),
  };
  const multi = parse.alternatives?.length ? judgeAlternatives(scan, parse.alternatives) : null;
  if (multi) return answer(base, multi.hit, multi.parsed, multi.hits);
  const hits = collectHits(scan, parsed, implausible);
  const winner = best(hits);
  if (winner) return answer(base, winner, parsed, hits);
  if (!parse.ok && reaskCount >= REASK_LIMIT)
    return answer(base, { rule: REASK_EXHAUSTED_RULE, evidence: {} }, null, hits);
  return {
    outcome: "UNPARSEABLE",
    protocol: proto.id,
    protocolVersion: proto.version,
    topic,
    reason: parse.ok ? "IMPLAUSIBLE_VALUE" : parse.why,
    reaskText: reaskText(question.answer, lang, implausible),
    reaskNumber: reaskCount + 1,
    parsedValue: parsed,
  };
}
