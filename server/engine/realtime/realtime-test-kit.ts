import { randomBytes } from "node:crypto";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { createRealtimeAuthorizer } from "./auth.js";
import { createRealtimeHandler } from "./handler.js";
import { createMemoryRunSource, type MemoryRunSource, type RunInput } from "./memory-run-source.js";

export const TEST_SECRET_KEY = `tr_dev_${randomBytes(12).toString("hex")}`;

export interface RealtimeTestServer {
  baseURL: string;
  source: MemoryRunSource;
  close(): Promise<void>;
}

/**
 * A real HTTP server with the realtime handler over an in-memory source. It also answers
 * `POST /api/v1/auth/jwt/claims` the way the platform does, so the SDK's `auth.createPublicToken`
 * can be used as-is.
 */
export async function startRealtimeTestServer(liveTimeoutMs: number): Promise<RealtimeTestServer> {
  const source = createMemoryRunSource();
  const handler = createRealtimeHandler({
    source,
    authorize: createRealtimeAuthorizer({ secretKey: TEST_SECRET_KEY }),
    liveTimeoutMs,
  });
  const server: Server = createServer((req, res) => {
    void (async () => {
      if (await handler(req, res)) return;
      if (req.method === "POST" && req.url === "/api/v1/auth/jwt/claims") {
        res.writeHead(200, { "content-type": "application/json" });
        res.end(JSON.stringify({ sub: "env_test", pub: true }));
        return;
      }
      res.writeHead(404).end();
    })();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseURL: `http://127.0.0.1:${port}`,
    source,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

let counter = 0;

export function newRun(overrides: Partial<RunInput> = {}): RunInput {
  counter += 1;
  const createdAt = new Date();
  return {
    id: `cm${randomBytes(10).toString("hex")}`,
    friendlyId: `run_${randomBytes(10).toString("hex")}`,
    taskIdentifier: "checkin.run",
    status: "PENDING",
    createdAt,
    updatedAt: createdAt,
    startedAt: null,
    completedAt: null,
    payload: null,
    payloadType: null,
    output: null,
    outputType: null,
    metadata: null,
    metadataType: null,
    runTags: [],
    error: null,
    isTest: false,
    number: counter,
    ...overrides,
  };
}

/** Resolves once `check` holds; the test's own timeout bounds it (no timed assertions). */
export async function eventually(check: () => boolean): Promise<void> {
  while (!check()) await new Promise((resolve) => setTimeout(resolve, 5));
}
