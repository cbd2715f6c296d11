import { batch, idempotencyKeys, metadata, task, tasks } from "@trigger.dev/sdk";
import type { echo } from "./basics.js";

/** Waits for the CommonJS child, then reports what the child wrote into this run's metadata. */
export const esmParent = task({
  id: "compat.esm-parent",
  run: async (payload: { n: number }) => {
    await tasks.triggerAndWait("compat.cjs-child", { n: payload.n });
    await metadata.refresh();
    return { fromChild: metadata.get("fromCjsChild") ?? null, calls: metadata.get("cjsCalls") ?? null };
  },
});

/**
 * `batch.triggerAndWait` where the second item carries an idempotency key a run already holds
 * (`held`: its task and payload): as on Trigger.dev, that run stands for the item and its output
 * comes back in the item's place.
 */
export const keyedBatchParent = task({
  id: "compat.keyed-batch-parent",
  run: async (payload: { key: string; held: { task: string; payload: unknown } }) => {
    const key = await idempotencyKeys.create(payload.key, { scope: "global" });
    const result = await batch.triggerAndWait<typeof echo>([
      { id: "compat.echo", payload: { v: "fresh-1" } },
      {
        id: payload.held.task as "compat.echo",
        payload: payload.held.payload as never,
        options: { idempotencyKey: key },
      },
      { id: "compat.echo", payload: { v: "fresh-2" } },
    ]);
    return result.runs.map((r) => (r.ok ? r.output : "error"));
  },
});
