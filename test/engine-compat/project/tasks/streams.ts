import { metadata, streams, task, wait } from "@trigger.dev/sdk";

async function* tokens(n: number, gapMs: number) {
  for (let i = 0; i < n; i++) {
    if (gapMs) await new Promise((r) => setTimeout(r, gapMs));
    yield { i, text: `token-${i}` };
  }
}

/** Pipes an async iterable into the run's stream `tokens` (as an AI response would be streamed). */
export const streamTokens = task({
  id: "compat.stream-tokens",
  run: async (payload: { n: number; gapMs: number; holdMs?: number }) => {
    if (payload.holdMs) await wait.for({ seconds: payload.holdMs / 1000 });
    const { waitUntilComplete } = streams.pipe("tokens", tokens(payload.n, payload.gapMs));
    await waitUntilComplete();
    await streams.append("notes", "done\nwith a newline");
    return { sent: payload.n };
  },
});

/** The deprecated `metadata.stream` (still in v4): the run does not wait; the attempt's end does. */
export const metadataStream = task({
  id: "compat.metadata-stream",
  run: async (payload: { n: number }) => {
    await metadata.stream("legacy", tokens(payload.n, 5));
    return { ok: true };
  },
});

/** A child reads its parent's stream with `streams.read` while the parent writes it. */
export const streamReader = task({
  id: "compat.stream-reader",
  run: async (payload: { runId: string }) => {
    const seen: number[] = [];
    const stream = await streams.read<{ i: number }>(payload.runId, "tokens", { timeoutInSeconds: 30 });
    for await (const chunk of stream) seen.push(chunk.i);
    return { seen };
  },
});
