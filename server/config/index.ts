import { z } from "zod";

const optionalString = z
  .string()
  .trim()
  .transform((v) => (v === "" ? undefined : v))
  .optional();

const positive = (fallback: number) => z.coerce.number().positive().default(fallback);
const share = (fallback: number) => z.coerce.number().gt(0).max(1).default(fallback);

/** System monitoring (README "Monitoring and alerts"): the /metrics token, the alert webhook, thresholds. */
export const monitoringEnvSchema = z.object({
  METRICS_TOKEN: optionalString.pipe(z.string().min(24, "METRICS_TOKEN must be 24+ characters").optional()),
  ALERT_WEBHOOK_URL: optionalString.pipe(
    z.url({ message: "ALERT_WEBHOOK_URL must be an http(s) URL" }).optional(),
  ),
  ALERT_WEBHOOK_TIMEOUT_MS: positive(5_000),
  ALERT_QUEUE_DEPTH: positive(200),
  ALERT_QUEUE_AGE_MINUTES: positive(10),
  ALERT_FAILED_RUNS_PER_HOUR: positive(1),
  ALERT_5XX_RATE: share(0.05),
  ALERT_5XX_MIN_REQUESTS: positive(20),
  ALERT_SMS_FAILURE_RATE: share(0.2),
  ALERT_SMS_MIN_TEXTS: positive(10),
  ALERT_DB_SLOW_MS: positive(500),
});
export type MonitoringEnv = z.infer<typeof monitoringEnvSchema>;

/** The monitoring settings alone, for task code (it reads its own environment, see trigger/shared). */
export function loadMonitoringConfig(source: NodeJS.ProcessEnv = process.env): MonitoringEnv {
  return monitoringEnvSchema.parse(source);
}
/**
 * FHIR discharges in (FHIR_HTTP_TOKENS) and notes out to the EHR (services/ehr-notes reads these
 * with `ehrEnvSchema` in its tasks, which may run outside this process).
 */
export const ehrEnvShape = {
  FHIR_HTTP_TOKENS: optionalString.pipe(
    z
      .string()
      .regex(
        /^[^:,\s]+:[^,\s]{24,}(,[^:,\s]+:[^,\s]{24,})*$/,
        "FHIR_HTTP_TOKENS must be name:token pairs (tokens of 24+ characters)",
      )
      .optional(),
  ),
  EHR_FHIR_BASE_URL: optionalString.pipe(z.url().optional()),
  EHR_FHIR_TOKEN_URL: optionalString.pipe(z.url().optional()),
  EHR_FHIR_CLIENT_ID: optionalString,
  EHR_FHIR_KEY_ID: optionalString,
  // PEM (PKCS#8) or a private JWK as JSON, inline or in a file; RS384 for RSA keys, ES384 for P-384.
  EHR_FHIR_PRIVATE_KEY: optionalString,
  EHR_FHIR_PRIVATE_KEY_FILE: optionalString,
  EHR_FHIR_SCOPE: z.string().default("system/DocumentReference.write"),
  EHR_NOTE_ID_SYSTEM: z.string().default("urn:sequora:ehr-note"),
  EHR_MLLP_HOST: optionalString,
  EHR_MLLP_PORT: z.coerce.number().int().min(1).max(65535).optional(),
  EHR_TIMEOUT_MS: z.coerce.number().int().min(100).max(120_000).default(10_000),
};

export const ehrEnvSchema = z.object(ehrEnvShape).superRefine((env, ctx) => {
  if (env.EHR_FHIR_BASE_URL) {
    for (const name of ["EHR_FHIR_CLIENT_ID", "EHR_FHIR_KEY_ID"] as const)
      if (!env[name])
        ctx.addIssue({ code: "custom", path: [name], message: `${name} is needed with EHR_FHIR_BASE_URL` });
    if (!env.EHR_FHIR_PRIVATE_KEY && !env.EHR_FHIR_PRIVATE_KEY_FILE)
      ctx.addIssue({
        code: "custom",
        path: ["EHR_FHIR_PRIVATE_KEY"],
        message: "EHR_FHIR_PRIVATE_KEY or EHR_FHIR_PRIVATE_KEY_FILE is needed with EHR_FHIR_BASE_URL",
      });
  }
  if (env.EHR_MLLP_HOST && !env.EHR_MLLP_PORT)
    ctx.addIssue({
      code: "custom",
      path: ["EHR_MLLP_PORT"],
      message: "EHR_MLLP_PORT is needed with EHR_MLLP_HOST",
    });
});
function isTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

export const envSchema = z
  .object({
    ...monitoringEnvSchema.shape,
    NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
    HOST: z.string().default("127.0.0.1"),
    PORT: z.coerce.number().int().min(1).max(65535).default(3000),
    DATA_DIR: z.string().default(".data"),
    EMBEDDED_PG_PORT: z.coerce.number().int().min(1).max(65535).default(54329),
    DATABASE_URL: optionalString.pipe(
      z.url({ message: "DATABASE_URL must be a postgresql:// URL" }).optional(),
    ),
    TRIGGER_API_URL: optionalString.pipe(z.url().optional()),
    TRIGGER_SECRET_KEY: optionalString,
    PUBLIC_BASE_URL: optionalString.pipe(z.url().optional()),
    HOSPITAL_NAME: z.string().default("Riverside Hospital"),
    // The hospital's IANA time zone: the weekly summary's weeks and its Monday 08:00 (issue 16).
    HOSPITAL_TIME_ZONE: optionalString.pipe(
      z
        .string()
        .refine(isTimeZone, "HOSPITAL_TIME_ZONE must be an IANA time zone such as America/Chicago")
        .optional(),
    ),
    SEED_DEMO: z
      .enum(["true", "false", "1", "0"])
      .optional()
      .transform((v) => (v === undefined ? undefined : v === "true" || v === "1")),
    DEMO_MODE: z.enum(["auto", "on", "off"]).default("auto"),
    // off: the demo's first start writes its patients and six open tasks at once, with no history.
    DEMO_HISTORY: z.enum(["on", "off"]).default("on"),
    TWILIO_ACCOUNT_SID: optionalString,
    TWILIO_AUTH_TOKEN: optionalString,
    TWILIO_FROM: optionalString,
    SMTP_URL: optionalString,
    // Hospital ADT feed over MLLP (services/hospital-feed): off unless set, 127.0.0.1:2575 in demo mode.
    HL7_MLLP_PORT: z.coerce.number().int().min(1).max(65535).optional(),
    HL7_MLLP_HOST: optionalString,
    // The same feed over HTTPS: `name:token` pairs, comma-separated, tokens of 24+ characters.
    HL7_HTTP_TOKENS: optionalString.pipe(
      z
        .string()
        .regex(
          /^[^:,\s]+:[^,\s]{24,}(,[^:,\s]+:[^,\s]{24,})*$/,
          "HL7_HTTP_TOKENS must be name:token pairs (tokens of 24+ characters)",
        )
        .optional(),
    ),
    // FHIR discharges in and clinical notes out to the EHR (README "FHIR in, notes out").
    ...ehrEnvShape,
    // Transitional Care Management (services/tcm): the business-day calendar. Holidays are ISO dates,
    // comma-separated (unset: U.S. federal holidays); the time zone counts days at the hospital.
    TCM_HOLIDAYS: optionalString.pipe(
      z
        .string()
        .regex(/^\d{4}-\d{2}-\d{2}(,\d{4}-\d{2}-\d{2})*$/, "TCM_HOLIDAYS must be ISO dates, comma-separated")
        .optional(),
    ),
    TCM_TIME_ZONE: z
      .string()
      .default("America/New_York")
      .refine(isTimeZone, "TCM_TIME_ZONE must be an IANA time zone (e.g. America/Chicago)"),
    // Security settings (README "Security settings").
    SESSION_IDLE_MINUTES: z.coerce
      .number()
      .int()
      .min(1)
      .max(24 * 60)
      .default(30),
    TRUST_PROXY: z
      .enum(["true", "false", "1", "0"])
      .default("false")
      .transform((v) => v === "true" || v === "1"),
    FRESH_DATA: z
      .enum(["true", "false", "1", "0"])
      .optional()
      .transform((v) => v === "true" || v === "1"),
  })
  .superRefine((env, ctx) => {
    if (Boolean(env.TRIGGER_API_URL) !== Boolean(env.TRIGGER_SECRET_KEY)) {
      ctx.addIssue({
        code: "custom",
        path: [env.TRIGGER_API_URL ? "TRIGGER_SECRET_KEY" : "TRIGGER_API_URL"],
        message:
          "TRIGGER_API_URL and TRIGGER_SECRET_KEY go together: set both (connected mode) or neither (embedded)",
      });
    }
    if (env.SEED_DEMO === true && env.DEMO_MODE === "off") {
      ctx.addIssue({
        code: "custom",
        path: ["SEED_DEMO"],
        message: "SEED_DEMO=true seeds the demo accounts, which only exist in demo mode: drop DEMO_MODE=off",
      });
    }
  });

export type Env = z.infer<typeof envSchema>;

export interface AppConfig {
  env: Env;
  /** "embedded": in-process run engine + local SMS outbox; "connected": Trigger.dev + Twilio. */
  mode: "embedded" | "connected";
  /**
   * Demo mode owns the demo clock, the demo accounts, the phone simulator and the simulated
   * patients. Decided once here; nothing else reads DEMO_MODE.
   */
  demo: boolean;
  /** What real the environment configures (e.g. "Twilio"); with `demo` the SPA warns on every page. */
  realConfigured: string[];
}

/** Validates the environment once at start-up; throws a message naming each bad variable. */
export function loadConfig(source: NodeJS.ProcessEnv = process.env): AppConfig {
  const parsed = envSchema.safeParse(source);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  - ${i.path.join(".") || "(env)"}: ${i.message}`);
    throw new Error(`Invalid environment configuration:\n${lines.join("\n")}`);
  }
  const env = parsed.data;
  const ehr = ehrEnvSchema.safeParse(source);
  if (!ehr.success) {
    const lines = ehr.error.issues.map((i) => `  - ${i.path.join(".")}: ${i.message}`);
    throw new Error(`Invalid environment configuration:\n${lines.join("\n")}`);
  }
  const realConfigured = realSettings(env);
  return {
    env,
    mode: env.TRIGGER_API_URL ? "connected" : "embedded",
    demo: decideDemo(env, realConfigured),
    realConfigured,
  };
}

/**
 * Anything that touches real patients, real staff or a shared database counts as real: there a
 * movable clock, public demo passwords and fake patients would be a hazard, not a convenience.
 */
function realSettings(env: Env): string[] {
  const real: string[] = [];
  if (env.NODE_ENV === "production") real.push("NODE_ENV=production");
  if (env.DATABASE_URL) real.push("external database (DATABASE_URL)");
  if (env.TRIGGER_API_URL) real.push("Trigger.dev (TRIGGER_API_URL)");
  if (env.TWILIO_ACCOUNT_SID || env.TWILIO_AUTH_TOKEN || env.TWILIO_FROM) real.push("Twilio (TWILIO_*)");
  if (env.SMTP_URL) real.push("SMTP e-mail (SMTP_URL)");
  if (env.EHR_FHIR_BASE_URL || env.EHR_MLLP_PORT) real.push("EHR notes (EHR_*)");
  return real;
}

// `npm start` with nothing configured is the demo newcomers and QA rely on; anything real turns it
// off unless the operator asks for both (DEMO_MODE=on, or the older SEED_DEMO=true).
function decideDemo(env: Env, real: string[]): boolean {
  switch (env.DEMO_MODE) {
    case "on":
      return true;
    case "off":
      return false;
    case "auto":
      return env.SEED_DEMO === true || real.length === 0;
  }
}
