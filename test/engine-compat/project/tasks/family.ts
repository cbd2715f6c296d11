import { metadata, task, tasks } from "@trigger.dev/sdk";

/** Waits for the CommonJS child, then reports what the child wrote into this run's metadata. */
export const esmParent = task({
  id: "compat.esm-parent",
  run: async (payload: { n: number }) => {
    await tasks.triggerAndWait("compat.cjs-child", { n: payload.n });
    await metadata.refresh();
    return { fromChild: metadata.get("fromCjsChild") ?? null, calls: metadata.get("cjsCalls") ?? null };
  },
});
