/**
 * Protocol triage: versioned protocol data, a reply parser and a pure judge. No DB, no clock, no I/O.
 *
 * Public API (what the check-in workflow calls):
 *
 * - `getProtocol(protocol, version?)` -> ProtocolDefinition: the ordered questions of one check-in (topic,
 *   SMS text in EN/ES, answer kind) and the rules. Latest version when `version` is omitted; store
 *   `protocolVersion` with the episode so later replies are judged by the same version.
 * - `listProtocols()` -> ProtocolSummary[]: every protocol's latest version with human rule descriptions and
 *   `PROTOCOL_DISCLAIMER`, for the admin protocol viewer.
 * - `judgeReply({protocol, protocolVersion?, topic, reply, language?, history?, context?, reaskCount?, receivedAt?})`
 *   -> `{outcome: "ANSWER", severity, reasonCode, ruleId, ruleVersion, parsedValue, threshold?, explanation,
 *   action, patientReply, sla, alsoMatched}` or `{outcome: "UNPARSEABLE", reason, reaskText, reaskNumber}`.
 *   - `history.weights`: earlier weights `{daysAgo, lb}` (calendar days before this reply) for HF trends.
 *   - `context.highRiskMedClasses`: non-empty makes "stopped a medicine" URGENT.
 *   - `reaskCount`: times this question was already re-asked. Unreadable replies are re-asked up to
 *     REASK_LIMIT (2) times, then become ROUTINE REPLY_NOT_UNDERSTOOD; implausible values are re-asked
 *     once, then become ROUTINE DATA_QUALITY.
 *   - `receivedAt`: only used to fill `sla.warnAt/dueAt`; judging never reads the clock.
 *   - topic "free_text" judges any unsolicited text (emergency words, opt-out request, else PATIENT_MESSAGE).
 *   - Throws TriageInputError for a topic outside the protocol, UnknownProtocolError for an unknown version.
 * - `needsSecondReader(input, judgement)`: whether the optional language-model reader (server/llm-reader/) should
 *   look at a reply (unreadable, or more said than asked); `protocolSummary`/`questionText` build its prompt.
 * - `detectEmergency(text)` -> `{emergent, matches, negated}`: run on every inbound text, at any time.
 * - `detectOptOutRequest(text)`: plain-language "stop texting me" (carrier keywords are the SMS layer's job).
 * - `SEVERITY_POLICY`, `slaFor(severity, createdAt)` -> `{warnAt, dueAt} | null`, `maxSeverity(a, b)`.
 * - `REASK_LIMIT`, `reaskPolicy(reaskCount)`.
 *
 * Parser coverage and known gaps: server/triage/README.md.
 */
export { detectEmergency, detectOptOutRequest, type EmergencyDetection } from "./emergency.js";
export type { Threshold } from "./evaluate.js";
export {
  type AnswerJudgement,
  type Judgement,
  judgeReply,
  type Sla,
  TriageInputError,
  type UnparseableJudgement,
} from "./judge.js";
export {
  type History,
  type JudgeContext,
  type JudgeInput,
  JudgeInputSchema,
  type ParsedValue,
  type PatientReplyKind,
  type ProtocolDefinition,
  type ProtocolId,
  ProtocolSchema,
  type QuestionDef,
  type RuleDef,
  type Severity,
  SeveritySchema,
  type Topic,
  TopicSchema,
} from "./model/types.js";
export { QUESTIONS } from "./protocols/questions.js";
export {
  getProtocol,
  listProtocols,
  PROTOCOL_DISCLAIMER,
  type ProtocolSummary,
  UnknownProtocolError,
} from "./protocols/registry.js";
export { REASK_LIMIT, type ReaskDecision, reaskPolicy } from "./reask.js";
export { needsSecondReader, protocolSummary, questionText } from "./second-reader.js";
export {
  maxSeverity,
  SEVERITY_POLICY,
  type SeverityPolicy,
  type SlaTimes,
  severityRank,
  slaFor,
} from "./severity.js";
