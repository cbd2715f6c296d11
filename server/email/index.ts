export { type EmailConfig, loadEmailConfig } from "./config.js";
export {
  createEmailTransport,
  type EmailTransport,
  EmailTransportError,
  type OutboundEmail,
} from "./transport.js";
