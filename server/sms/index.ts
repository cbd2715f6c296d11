export { loadSmsConfig, type SmsConfig, smsConfigSchema } from "./config.js";
export { RetryableSmsError } from "./errors.js";
export {
  dispatchInbound,
  type InboundResult,
  markInboundProcessed,
  type OnInbound,
  processPendingInbound,
  receiveInbound,
} from "./inbound.js";
export { classifyKeyword, type Keyword } from "./keywords.js";
export type { SmsPurpose, SuppressReason } from "./policy.js";
export { isQuietHours, nextAllowedSendTime } from "./quiet-hours.js";
export { listConversation, listOutbox } from "./read.js";
export { createSmsService, type SendInput, type SendResult, SmsInputError, type SmsService } from "./send.js";
export { type StaffTextOutcome, sendStaffText } from "./staff.js";
export { applyStatusUpdate, type PhoneUnusableEvent } from "./status-callback.js";
export { formatLocalDateTime, TEMPLATE_NAMES, type TemplateName } from "./templates.js";
export { SMS_WEBHOOK_PATH, type SmsTransport, STATUS_WEBHOOK_PATH } from "./transport.js";
export { createOutboxTransport } from "./transports.js";
export { createTwilioWebhookHandlers, type NodeHandler } from "./webhooks.js";
