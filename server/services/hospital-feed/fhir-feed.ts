import type { Db } from "../../db/client.js";
import { createFhirHttpHandler, type FhirAnswer, operationOutcome } from "../../fhir/index.js";
import { parseSenderTokens } from "../../hl7/index.js";
import type { JobStarter } from "../../jobs/index.js";
import { logger } from "../../lib/logger.js";
import { ingestFhirBundle } from "./fhir-ingest.js";

// A discharge Bundle is a few kB; 4 MB leaves room for long problem lists and notes.
const MAX_FHIR_BYTES = 4 * 1024 * 1024;

type FeedDeps = { db: Db; jobs: JobStarter; hospitalName: string; timeZone?: string };

/** FHIR discharges in (`POST /fhir/r4`, `/fhir/r4/notify`), one bearer token per sender (FHIR_HTTP_TOKENS); null when none. */
export function fhirFeedRoute(deps: FeedDeps, tokensSetting: string | undefined) {
  const tokens = parseSenderTokens(tokensSetting);
  if (Object.keys(tokens).length === 0) return null;
  return createFhirHttpHandler({
    tokens,
    maxBytes: MAX_FHIR_BYTES,
    handle: async ({ bytes }, sender): Promise<FhirAnswer> => {
      try {
        return await ingestFhirBundle(deps, bytes, sender);
      } catch (err) {
        // Not even stored (database unreachable): 503 so the sender keeps it and retries.
        logger.error("hospital message not stored", { format: "FHIR", error: (err as Error).name });
        return {
          status: 503,
          body: operationOutcome("error", "transient", "Temporary failure at Sequora: resend later"),
        };
      }
    },
  });
}
