import { task, wait } from "@trigger.dev/sdk";

/** Waits for a token a browser completes (`useWaitToken`). */
export const awaitToken = task({
  id: "compat.await-token",
  run: async (payload: { tokenId: string }) => {
    const result = await wait.forToken<{ answer: string }>(payload.tokenId);
    return result.ok ? { answer: result.output.answer } : { timedOut: true };
  },
});
