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
