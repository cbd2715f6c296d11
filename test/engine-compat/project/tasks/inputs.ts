import { metadata, streams, task } from "@trigger.dev/sdk";

export const approval = streams.input<{ approved: boolean; reviewer: string }>({ id: "approval" });
export const messages = streams.input<{ text: string }>({ id: "messages" });

/** `.wait()` suspends the run until a record arrives (or the timeout); `delayMs` first, if given. */
export const inputWait = task({
  id: "compat.input-wait",
  run: async (payload: { timeout?: string; delayMs?: number }) => {
    metadata.increment("started", 1);
    if (payload.delayMs) await new Promise((r) => setTimeout(r, payload.delayMs));
    const result = await approval.wait({ timeout: payload.timeout ?? "1h" });
    if (!result.ok) return { timedOut: true, error: result.error.name };
    return { ...result.output, after: approval.peek() ?? null };
  },
});

/** `.once()` for the first record, then `.on()` for the rest until one says "stop". */
export const inputOn = task({
  id: "compat.input-on",
  run: async () => {
    const first = await messages.once({ timeoutMs: 20_000 }).unwrap();
    const rest: string[] = [];
    await new Promise<void>((resolve) => {
      const sub = messages.on((m) => {
        rest.push(m.text);
        if (m.text === "stop") {
          sub.off();
          resolve();
        }
      });
    });
    const late = await messages.once({ timeoutMs: 300 });
    return { first: first.text, rest, lateTimedOut: !late.ok };
  },
});

/** `.waitWithIdleTimeout()`: warm for `idleS` (a tail), then suspended on `.wait()`. */
export const inputIdle = task({
  id: "compat.input-idle",
  run: async (payload: { idleS: number }) => {
    const result = await messages.waitWithIdleTimeout({ idleTimeoutInSeconds: payload.idleS, timeout: "1h" });
    return result.ok ? { text: result.output.text } : { timedOut: true };
  },
});

/** Strings that look like JSON stay strings, by the tail (`.once()`) and by the waitpoint (`.wait()`). */
export const inputRaw = task({
  id: "compat.input-raw",
  run: async () => {
    const raw = streams.input<unknown>({ id: "raw" });
    const once = await raw.once({ timeoutMs: 20_000 }).unwrap();
    const waited = await raw.wait({ timeout: "1h" });
    return { once, wait: waited.ok ? waited.output : null };
  },
});
