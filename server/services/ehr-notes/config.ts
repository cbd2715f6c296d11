import { readFileSync } from "node:fs";
import { ehrEnvSchema } from "../../config/index.js";

export type EhrDestination =
  | {
      kind: "FHIR";
      baseUrl: string;
      /** Null: discovered from `<base>/.well-known/smart-configuration` (SMART App Launch). */
      tokenUrl: string | null;
      clientId: string;
      keyId: string;
      /** PEM (PKCS#8) or a private JWK as JSON. */
      privateKey: string;
      scope: string;
    }
  | { kind: "MLLP"; host: string; port: number }
  | { kind: "OUTBOX" };

export interface EhrConfig {
  destination: EhrDestination;
  /** FHIR identifier system of our note ids (DocumentReference.identifier). */
  noteIdSystem: string;
  timeoutMs: number;
}

/**
 * Where notes go, from the environment (read by the note task, which may run outside the app's
 * process): a FHIR server (SMART Backend Services), else an MLLP peer (MDM^T02), else the local
 * outbox. The same schema validates these at the app's start-up.
 */
export function loadEhrConfig(source: NodeJS.ProcessEnv = process.env): EhrConfig {
  const env = ehrEnvSchema.parse(source);
  const common = { noteIdSystem: env.EHR_NOTE_ID_SYSTEM, timeoutMs: env.EHR_TIMEOUT_MS };
  if (env.EHR_FHIR_BASE_URL) {
    const key =
      env.EHR_FHIR_PRIVATE_KEY?.replace(/\\n/g, "\n") ??
      readFileSync(env.EHR_FHIR_PRIVATE_KEY_FILE ?? "", "utf8");
    return {
      ...common,
      destination: {
        kind: "FHIR",
        baseUrl: env.EHR_FHIR_BASE_URL.replace(/\/+$/, ""),
        tokenUrl: env.EHR_FHIR_TOKEN_URL ?? null,
        clientId: env.EHR_FHIR_CLIENT_ID ?? "",
        keyId: env.EHR_FHIR_KEY_ID ?? "",
        privateKey: key,
        scope: env.EHR_FHIR_SCOPE,
      },
    };
  }
  if (env.EHR_MLLP_PORT)
    return {
      ...common,
      destination: { kind: "MLLP", host: env.EHR_MLLP_HOST ?? "127.0.0.1", port: env.EHR_MLLP_PORT },
    };
  return { ...common, destination: { kind: "OUTBOX" } };
}
