import { execFileSync } from "node:child_process";
import { createServer, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";
import * as core from "@trigger.dev/core/v3";
import * as workers from "@trigger.dev/core/v3/workers";
import { metadata } from "@trigger.dev/sdk";
import { describe, expect, it } from "vitest";
import { PER_RUN_SLOTS } from "./core/context-slots.js";

// The engine relies on undocumented internals of the SDK. These checks fail loudly when an
// upgrade moves any of them; update the engine (and TRIGGER-WIRE.md) before bumping versions.
describe("Trigger.dev SDK contract (4.8.3)", () => {
  it("is the pinned version", async () => {
    const sdkPkg = await import("@trigger.dev/sdk/package.json", { with: { type: "json" } });
    const corePkg = await import("@trigger.dev/core/package.json", { with: { type: "json" } });
    expect(sdkPkg.default.version).toBe("4.8.3");
    expect(corePkg.default.version).toBe("4.8.3");
  });

  it("exports the worker pieces the engine wires", () => {
    for (const name of [
      "TaskExecutor",
      "StandardResourceCatalog",
      "StandardLifecycleHooksManager",
      "StandardMetadataManager",
      "StandardLocalsManager",
      "StandardWaitUntilManager",
      "StandardInputStreamManager",
    ]) {
      expect(typeof (workers as Record<string, unknown>)[name], name).toBe("function");
    }
    for (const name of [
      "resourceCatalog",
      "lifecycleHooks",
      "runMetadata",
      "taskContext",
      "apiClientManager",
    ]) {
      expect((core as Record<string, unknown>)[name], name).toBeDefined();
    }
    expect(typeof core.applyMetadataOperations).toBe("function");
    expect(typeof core.stringifyIO).toBe("function");
    expect(typeof core.parsePacket).toBe("function");
  });

  it("registers every per-attempt API under the slot name the engine scopes", () => {
    const marker = (name: string) => ({ marker: name }) as never;
    core.taskContext.setGlobalTaskContext(marker("task-context"));
    core.runtime.setGlobalRuntimeManager(marker("runtime"));
    core.runMetadata.setGlobalManager(marker("run-metadata"));
    core.lifecycleHooks.setGlobalLifecycleHooksManager(marker("lifecycle-hooks"));
    core.localsAPI.setGlobalLocalsManager(marker("locals"));
    core.apiClientManager.setGlobalAPIClientConfiguration(marker("api-client"));
    core.waitUntil.setGlobalManager(marker("wait-until"));
    core.realtimeStreams.setGlobalManager(marker("realtime-streams"));
    core.inputStreams.setGlobalManager(marker("input-streams"));
    const slots = (globalThis as Record<symbol, Record<string, { marker?: string }>>)[
      Symbol.for("dev.trigger.ts.api")
    ];
    for (const name of PER_RUN_SLOTS) expect(slots?.[name]?.marker, name).toBe(name);
  });

  it("keeps per-attempt listener lists on the lifecycle manager, and writable metadata.parent/root", () => {
    const hooks = new workers.StandardLifecycleHooksManager() as unknown as Record<string, unknown>;
    expect(Array.isArray(hooks.onWaitHookListeners)).toBe(true);
    expect(Array.isArray(hooks.onResumeHookListeners)).toBe(true);
    expect(Array.isArray(hooks.onCancelHookListeners)).toBe(true);
    const desc = Object.getOwnPropertyDescriptor(metadata, "parent");
    expect(desc?.writable).toBe(true);
    expect(Object.getOwnPropertyDescriptor(metadata, "root")?.writable).toBe(true);
  });

  it("response schemas still require what the engine sends", () => {
    expect(Object.keys(core.RetrieveRunResponse.shape)).toEqual(
      expect.arrayContaining(["id", "status", "relatedRuns", "depth", "triggerFunction", "attemptCount"]),
    );
    expect(Object.keys(core.CreateBatchResponse.shape).sort()).toEqual([
      "id",
      "idempotencyKey",
      "isCached",
      "runCount",
    ]);
    expect(
      core.WaitForDurationResponseBody.safeParse({ waitUntil: new Date(), waitpoint: { id: "w" } }).success,
    ).toBe(true);
    expect(core.CompleteWaitpointTokenResponseBody.safeParse({ success: true }).success).toBe(true);
    const opts = core.TriggerTaskRequestBody.safeParse({
      payload: "{}",
      options: { parentRunId: "run_x", resumeParentOnCompletion: true, idempotencyKey: "k", priority: 5 },
    });
    expect(opts.success).toBe(true);
  });

  it("sends the headers the engine reads", async () => {
    let seen: IncomingHttpHeaders | undefined;
    const server = createServer((req, res) => {
      seen = req.headers;
      res.writeHead(200, { "content-type": "application/json" });
      res.end(JSON.stringify({ id: "run_x" }));
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    await new core.ApiClient(url, "tr_dev_contract").triggerTask("t", { payload: "{}" });
    server.close();
    expect(seen?.authorization).toBe("Bearer tr_dev_contract");
    expect(seen?.["trigger-version"]).toBe("4.8.3");
  });
});

// patches/@trigger.dev+core+4.8.3.patch (applied by `npm ci`'s postinstall): the SDK's randomUUID,
// called before every API request, imported "uncrypto" on every call. With module hooks registered
// (tsx on Node 20, how the host and `npm run engine` run) each import() resolves again on the
// hooks thread: about 0.45 ms of CPU and a thread round trip per SDK call. A child process with a
// resolve hook that counts "uncrypto" shows the module is resolved once, not once per call.
const COUNT_RESOLVES = `
import { createRequire, register } from "node:module";
import { MessageChannel } from "node:worker_threads";
import { pathToFileURL } from "node:url";
const { port1, port2 } = new MessageChannel();
let resolves = 0;
port1.on("message", () => resolves++);
port1.unref();
const hooks = "let port; export function initialize(d) { port = d.port; }" +
  "export async function resolve(s, c, next) { if (s === 'uncrypto') port.postMessage(1); return next(s, c); }";
register("data:text/javascript," + encodeURIComponent(hooks), { data: { port: port2 }, transferList: [port2] });
const pkg = createRequire(process.cwd() + "/").resolve("@trigger.dev/core/package.json");
const { randomUUID } = await import(pathToFileURL(pkg.slice(0, -"package.json".length) + "dist/esm/v3/utils/crypto.js").href);
const ids = new Set();
for (let i = 0; i < 20; i++) ids.add(await randomUUID());
await new Promise((r) => setTimeout(r, 100));
console.log(JSON.stringify({ resolves, ids: ids.size }));
`;

describe("patched SDK (patches/)", () => {
  it("resolves uncrypto once, not once per randomUUID call", () => {
    const out = execFileSync(process.execPath, ["--input-type=module", "-e", COUNT_RESOLVES], {
      encoding: "utf8",
    });
    expect(JSON.parse(out.trim().split("\n").at(-1) ?? "{}")).toEqual({ resolves: 1, ids: 20 });
  });
});

describe("patched SDK: the request cache probe (patches/)", () => {
  it("probes Request for `cache` once, not with a new Request (and body stream) per API call", async () => {
    const RealRequest = globalThis.Request;
    const realFetch = globalThis.fetch;
    let built = 0;
    const inits: RequestInit[] = [];
    globalThis.Request = new Proxy(RealRequest, {
      construct(target, args) {
        built++;
        return Reflect.construct(target, args);
      },
    });
    globalThis.fetch = async (_input, init) => {
      inits.push(init ?? {});
      return new Response(JSON.stringify({ id: "run_x" }), { status: 200 });
    };
    try {
      const client = new core.ApiClient("http://127.0.0.1:1", "tr_dev_contract");
      for (let i = 0; i < 10; i++)
        await client.triggerTask("contract.task", { payload: { i } }).catch(() => undefined);
    } finally {
      globalThis.Request = RealRequest;
      globalThis.fetch = realFetch;
    }
    expect(inits).toHaveLength(10);
    // Same request as unpatched: `cache: "no-cache"` where the runtime's Request supports it.
    expect(inits.every((i) => i.cache === "no-cache" && i.method === "POST")).toBe(true);
    expect(built).toBeLessThanOrEqual(1);
  });
});

describe("patched SDK: idempotency keys hashed with node:crypto (patches/)", () => {
  it("gives the same SHA-256 hex digest as WebCrypto, without going through WebCrypto", async () => {
    const material = ["checkin", "ep_1", "slot-3"];
    const expected = Buffer.from(
      await crypto.subtle.digest("SHA-256", new TextEncoder().encode(material.join("-"))),
    ).toString("hex");
    const realDigest = crypto.subtle.digest;
    let webCryptoCalls = 0;
    crypto.subtle.digest = (...args: Parameters<SubtleCrypto["digest"]>) => {
      webCryptoCalls++;
      return realDigest.apply(crypto.subtle, args);
    };
    try {
      // Outside a run the global and run scopes hash the key material alone.
      expect(await core.createIdempotencyKey(material, { scope: "global" })).toBe(expected);
      expect(await core.createIdempotencyKey(material)).toBe(expected);
    } finally {
      crypto.subtle.digest = realDigest;
    }
    expect(webCryptoCalls).toBe(0);
  });
});
