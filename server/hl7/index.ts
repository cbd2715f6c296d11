export { createHl7HttpHandler, HL7_HTTP_PATH, parseSenderTokens } from "./http-handler.js";
export { type MllpHandler, type MllpListener, startMllpListener } from "./listener.js";
export {
  type AckDecision,
  buildAck,
  type Hl7ErrorCode,
  type Hl7Header,
  type ParsedHl7,
  parseHl7,
} from "./message.js";
export { type MllpFrame, MllpFrameReader, mllpFrame } from "./mllp-framer.js";
