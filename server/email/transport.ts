import { randomBytes } from "node:crypto";
import nodemailer from "nodemailer";
import type { EmailConfig } from "./config.js";

export interface OutboundEmail {
  /** Our row id: becomes the Message-ID, so a resend after a lost answer is one message to mail clients. */
  id: string;
  to: string;
  subject: string;
  text: string;
}

/** The only seam between staff e-mail and a mail server. */
export interface EmailTransport {
  readonly kind: "smtp" | "outbox";
  /** How long a claimed send may be in flight before another attempt treats it as crashed. */
  readonly inFlightLeaseMs: number;
  /** Resolves to the server's id for the message; throws EmailTransportError. */
  send(mail: OutboundEmail): Promise<string>;
  close(): void;
}

export class EmailTransportError extends Error {
  override readonly name = "EmailTransportError";
  constructor(
    message: string,
    /** 4xx replies and network failures: worth another attempt later. */
    readonly retryable: boolean,
  ) {
    super(message);
  }
}

export function createEmailTransport(config: EmailConfig): EmailTransport {
  if (config.mode === "embedded") {
    return {
      kind: "outbox",
      inFlightLeaseMs: 5_000,
      async send() {
        return `outbox-${randomBytes(8).toString("hex")}`;
      },
      close() {},
    };
  }
  const url = new URL(config.smtpUrl);
  const secure = url.protocol === "smtps:";
  const smtp = nodemailer.createTransport({
    host: url.hostname,
    port: url.port ? Number(url.port) : secure ? 465 : 587,
    secure,
    auth: url.username
      ? { user: decodeURIComponent(url.username), pass: decodeURIComponent(url.password) }
      : undefined,
    connectionTimeout: config.timeoutMs,
    greetingTimeout: config.timeoutMs,
    socketTimeout: config.timeoutMs,
  });
  return {
    kind: "smtp",
    inFlightLeaseMs: 2 * config.timeoutMs + 5_000,
    async send(mail) {
      try {
        const info = await smtp.sendMail({
          from: config.from,
          to: mail.to,
          subject: mail.subject,
          text: mail.text,
          messageId: `<${mail.id}@sequora>`,
        });
        return info.messageId;
      } catch (err) {
        const e = err as { responseCode?: unknown; code?: unknown };
        const code = typeof e.responseCode === "number" ? e.responseCode : null;
        // 5xx: the server refused this message for good (bad address, policy); anything else may pass later.
        const permanent = code !== null && code >= 500;
        throw new EmailTransportError(
          code ? `smtp ${code}` : `smtp ${String(e.code ?? "error")}`,
          !permanent,
        );
      }
    },
    close() {
      smtp.close();
    },
  };
}
