import { z } from "zod";

const optionalString = z
  .string()
  .trim()
  .transform((v) => (v === "" ? undefined : v))
  .optional();

export const envSchema = z
  .object({
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
    SEED_DEMO: z
      .enum(["true", "false", "1", "0"])
      .optional()
      .transform((v) => (v === undefined ? undefined : v === "true" || v === "1")),
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
  });

export type Env = z.infer<typeof envSchema>;

export interface AppConfig {
  env: Env;
  /** "embedded": in-process run engine + local SMS outbox; "connected": Trigger.dev + Twilio. */
  mode: "embedded" | "connected";
}

/** Validates the environment once at start-up; throws a message naming each bad variable. */
export function loadConfig(source: NodeJS.ProcessEnv = process.env): AppConfig {
  const parsed = envSchema.safeParse(source);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  - ${i.path.join(".") || "(env)"}: ${i.message}`);
    throw new Error(`Invalid environment configuration:\n${lines.join("\n")}`);
  }
  const env = parsed.data;
  return { env, mode: env.TRIGGER_API_URL ? "connected" : "embedded" };
}
