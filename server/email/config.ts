import { z } from "zod";

export const emailConfigSchema = z.discriminatedUnion("mode", [
  z.object({ mode: z.literal("embedded") }),
  z.object({
    mode: z.literal("connected"),
    /** smtp://user:pass@host:587 or smtps://user:pass@host:465 */
    smtpUrl: z.url({ protocol: /^smtps?$/, error: "must be an smtp:// or smtps:// URL" }),
    from: z.string().min(3),
    timeoutMs: z.number().int().min(100).max(120_000),
  }),
]);
export type EmailConfig = z.infer<typeof emailConfigSchema>;

const envSchema = z.object({
  SMTP_URL: z.string().trim().optional(),
  EMAIL_FROM: z.string().trim().optional(),
});

/**
 * Connected mode when SMTP_URL is set (e-mails leave through that relay), embedded otherwise: the
 * EmailMessage table is the outbox and each row is marked sent without leaving the machine.
 */
export function loadEmailConfig(source: NodeJS.ProcessEnv = process.env): EmailConfig {
  const env = envSchema.parse(source);
  if (!env.SMTP_URL) return { mode: "embedded" };
  const parsed = emailConfigSchema.safeParse({
    mode: "connected",
    smtpUrl: env.SMTP_URL,
    from: env.EMAIL_FROM || "Sequora <no-reply@sequora.invalid>",
    timeoutMs: 15_000,
  });
  if (!parsed.success) {
    const lines = parsed.error.issues.map(
      (i) => `  - ${i.path[0] === "from" ? "EMAIL_FROM" : "SMTP_URL"}: ${i.message}`,
    );
    throw new Error(`E-mail configuration invalid:\n${lines.join("\n")}`);
  }
  return parsed.data;
}
