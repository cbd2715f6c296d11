import { z } from "zod";

const optional = z
  .string()
  .trim()
  .optional()
  .transform((v) => (v === "" ? undefined : v));

const e164 = z.string().regex(/^\+[1-9]\d{6,14}$/, "must be an E.164 number like +15551234567");
// A Messaging Service SID is also a valid sender: Twilio then picks the number from the pool.
const sender = z.union([
  e164,
  z.string().regex(/^MG[0-9a-fA-F]{32}$/, "must be E.164 or a MG... service SID"),
]);

const common = {
  programName: z.string().min(1),
  programPhone: z.string().min(1),
  hospitalName: z.string().min(1),
  /** Public origin Twilio calls (scheme://host[:port]); behind a proxy the local Host header is not it. */
  publicBaseUrl: z.url().optional(),
};

export const smsConfigSchema = z.discriminatedUnion("mode", [
  z.object({ mode: z.literal("embedded"), ...common }),
  z.object({
    mode: z.literal("connected"),
    ...common,
    // Twilio signs the URL it called; without the public URL we would have to trust the Host and
    // X-Forwarded-* headers of whoever is calling to rebuild it.
    publicBaseUrl: z.url({
      message:
        "must be set when Twilio is configured (the https:// URL Twilio calls), e.g. https://care.example.org",
    }),
    accountSid: z.string().regex(/^AC[0-9a-fA-F]{32}$/, "must look like AC + 32 hex digits"),
    authToken: z.string().min(16),
    from: sender,
    /** Overrides https://api.twilio.com (tests point the real SDK at the fake Twilio). */
    apiBaseUrl: z.url().optional(),
    requestTimeoutMs: z.number().int().min(100).max(120_000),
  }),
]);

export type SmsConfig = z.infer<typeof smsConfigSchema>;
export type ConnectedSmsConfig = Extract<SmsConfig, { mode: "connected" }>;

const envSchema = z.object({
  TWILIO_ACCOUNT_SID: optional,
  TWILIO_AUTH_TOKEN: optional,
  TWILIO_FROM: optional,
  TWILIO_API_BASE_URL: optional,
  TWILIO_TIMEOUT_MS: optional,
  PUBLIC_BASE_URL: optional,
  PROGRAM_NAME: optional,
  PROGRAM_PHONE: optional,
  HOSPITAL_NAME: optional,
});

const TWILIO_VARS = ["TWILIO_ACCOUNT_SID", "TWILIO_AUTH_TOKEN", "TWILIO_FROM"] as const;

/**
 * Connected mode when all three Twilio credentials are set, embedded (local outbox) when none is.
 * A partial set is a deployment mistake, so it fails loudly instead of silently texting nobody.
 */
export function loadSmsConfig(source: NodeJS.ProcessEnv = process.env): SmsConfig {
  const env = envSchema.parse(source);
  const present = TWILIO_VARS.filter((k) => env[k] !== undefined);
  const common = {
    programName: env.PROGRAM_NAME ?? "Sequora Care Check-ins",
    programPhone: env.PROGRAM_PHONE ?? "1-800-555-0100",
    hospitalName: env.HOSPITAL_NAME ?? "Riverside Hospital",
    publicBaseUrl: env.PUBLIC_BASE_URL?.replace(/\/+$/, ""),
  };
  if (present.length > 0 && present.length < TWILIO_VARS.length) {
    const missing = TWILIO_VARS.filter((k) => env[k] === undefined);
    throw new Error(`SMS configuration: ${missing.join(", ")} missing (set all Twilio variables or none)`);
  }
  const candidate =
    present.length === 0
      ? { mode: "embedded" as const, ...common }
      : {
          mode: "connected" as const,
          ...common,
          accountSid: env.TWILIO_ACCOUNT_SID,
          authToken: env.TWILIO_AUTH_TOKEN,
          from: env.TWILIO_FROM,
          apiBaseUrl: env.TWILIO_API_BASE_URL?.replace(/\/+$/, ""),
          requestTimeoutMs: env.TWILIO_TIMEOUT_MS ? Number(env.TWILIO_TIMEOUT_MS) : 15_000,
        };
  const parsed = smsConfigSchema.safeParse(candidate);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  - ${envNameFor(i.path)}: ${i.message}`);
    throw new Error(`SMS configuration invalid:\n${lines.join("\n")}`);
  }
  return parsed.data;
}

const ENV_NAMES: Record<string, string> = {
  accountSid: "TWILIO_ACCOUNT_SID",
  authToken: "TWILIO_AUTH_TOKEN",
  from: "TWILIO_FROM",
  apiBaseUrl: "TWILIO_API_BASE_URL",
  requestTimeoutMs: "TWILIO_TIMEOUT_MS",
  publicBaseUrl: "PUBLIC_BASE_URL",
  programName: "PROGRAM_NAME",
  programPhone: "PROGRAM_PHONE",
  hospitalName: "HOSPITAL_NAME",
};

function envNameFor(path: PropertyKey[]): string {
  const key = String(path[0] ?? "");
  return ENV_NAMES[key] ?? key;
}
