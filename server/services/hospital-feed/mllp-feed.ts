import type { Db } from "../../db/client.js";
import {
  buildAck,
  createHl7HttpHandler,
  type MllpListener,
  parseHl7,
  parseSenderTokens,
  startMllpListener,
} from "../../hl7/index.js";
import type { JobStarter } from "../../jobs/index.js";
import { logger } from "../../lib/logger.js";
import { metrics } from "../../observability/metrics.js";
import { withAckPriority } from "./ack-first.js";
import { drainAdtFeed, startAdtSweeper } from "./feed-queue.js";
import { ingestAdtMessage } from "./ingest-adt.js";
import { feedDeps } from "./judge-adt.js";

// Bytes kept of one message: enough to store a rejected oversized message whole for the admin
// page; beyond this the tail is dropped (the reason still records the full size).
const KEEP_BYTES = 16 * 1024 * 1024;

export interface MllpFeedAddress {
  host: string;
  port: number;
}

/**
 * Where the MLLP listener listens: HL7_MLLP_PORT (on HL7_MLLP_HOST, 127.0.0.1 unless set);
 * in demo mode 127.0.0.1:2575 when nothing is set; otherwise off.
 */
export function mllpFeedAddress(env: { HL7_MLLP_PORT?: number; HL7_MLLP_HOST?: string }, demo: boolean) {
  if (env.HL7_MLLP_PORT !== undefined)
    return { host: env.HL7_MLLP_HOST ?? "127.0.0.1", port: env.HL7_MLLP_PORT };
  return demo ? { host: "127.0.0.1", port: 2575 } : null;
}

type FeedDeps = { db: Db; jobs: JobStarter; hospitalName: string; timeZone?: string };

export interface MllpFeed extends MllpListener {
  /** Resolves once every accepted message has been acted on. */
  drain(): Promise<void>;
}

/** Each message to the ingest use case; its answer becomes the ACK text. */
async function answer(deps: FeedDeps, frame: { bytes: Buffer; size: number }, transport: "MLLP" | "HTTPS") {
  try {
    const result = await withAckPriority(() => ingestAdtMessage(deps, frame, { transport }));
    metrics.hospitalMessage(transport, result.ack.code === "AA");
    return buildAck(result.header, result.ack);
  } catch (err) {
    // Not even stored (database unreachable): refuse, so the engine keeps it and resends.
    logger.error("hospital message not stored", { error: (err as Error).name });
    const reason = "Temporary failure at Sequora: resend later";
    metrics.hospitalMessage(transport, false);
    return buildAck(parseHl7(frame.bytes).header, { code: "AR", error: "207", reason });
  }
}

// One sweeper per process, whichever transport starts first.
let stopSweeper: (() => void) | null = null;
function ensureSweeper(deps: FeedDeps) {
  stopSweeper ??= startAdtSweeper(feedDeps(deps));
}

/** The hospital's ADT feed over MLLP, with the sweep that takes up messages a crash left. */
export async function startMllpFeed(deps: FeedDeps, address: MllpFeedAddress): Promise<MllpFeed> {
  const listener = await startMllpListener({
    ...address,
    keepBytes: KEEP_BYTES,
    handle: (frame) => answer(deps, frame, "MLLP"),
  });
  ensureSweeper(deps);
  return {
    host: listener.host,
    port: listener.port,
    drain: drainAdtFeed,
    async stop() {
      await listener.stop();
      stopSweeper?.();
      stopSweeper = null;
      // Accepted messages are stored, so a slow queue is not lost at shutdown: the next start's
      // sweep acts on what is left. Waiting a little lets the usual case finish now.
      await Promise.race([drainAdtFeed(), new Promise((r) => setTimeout(r, 5_000))]);
    },
  };
}

/** The same feed over HTTPS (`POST /hl7/v2`), one bearer token per sender (HL7_HTTP_TOKENS); null when none. */
export function httpFeedRoute(deps: FeedDeps, tokensSetting: string | undefined) {
  const tokens = parseSenderTokens(tokensSetting);
  if (Object.keys(tokens).length === 0) return null;
  ensureSweeper(deps);
  return createHl7HttpHandler({
    tokens,
    maxBytes: KEEP_BYTES,
    handle: (frame) => answer(deps, frame, "HTTPS"),
  });
}
