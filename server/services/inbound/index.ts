export { markInboundProcessed } from "./inbound-store.js";
export {
  type InboundDeps,
  type InboundResult,
  receivePatientMessage,
  sweepPendingInbound,
} from "./receive-message.js";
export { isConfirmation, type ReplyContext, type ReplyMeaning, replyMeaning } from "./reply-meaning.js";
export {
  type CheckInWaits,
  type RouteDeps,
  type RouteOutcome,
  routeInboundMessage,
} from "./route-message.js";
export { listSimulatedPatients, receiveSimulatedReply } from "./simulator.js";
