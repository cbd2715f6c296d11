import {
  useInputStreamSend,
  useRealtimeRun,
  useRealtimeRunsWithTag,
  useRealtimeRunWithStreams,
  useTaskTrigger,
  useWaitToken,
} from "@trigger.dev/react-hooks";
import { type AnyTask, auth, runs, tasks, wait } from "@trigger.dev/sdk";
import { Window } from "happy-dom";
import { act, createElement as h, useEffect } from "react";
import { createRoot, type Root } from "react-dom/client";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { type CompatHarness, settled, startCompat } from "./harness.js";

// @trigger.dev/react-hooks rendered by React DOM into a happy-dom document, against the engine:
// the hooks make their own requests (Node's fetch: the page would be same-origin in Sequora).
let harness: CompatHarness;
let win: Window;
let root: Root | undefined;
let container: HTMLElement;

beforeAll(async () => {
  harness = await startCompat();
  win = new Window({ url: "http://localhost/" });
  const g = globalThis as Record<string, unknown>;
  g.window = win;
  g.document = win.document;
  g.HTMLElement = win.HTMLElement;
  g.IS_REACT_ACT_ENVIRONMENT = true;
}, 60_000);
afterEach(async () => {
  await act(async () => root?.unmount());
  root = undefined;
});
afterAll(async () => {
  await win?.happyDOM.close();
  await harness?.close();
});

function render(el: ReturnType<typeof h>): void {
  container = win.document.createElement("div") as unknown as HTMLElement;
  win.document.body.appendChild(container as never);
  root = createRoot(container);
  act(() => root!.render(el));
}

/** Waits until the rendered DOM shows `text` (React state updates land through act). */
async function shows(text: string, timeoutMs = 20_000): Promise<string> {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    await act(async () => new Promise((r) => setTimeout(r, 50)));
    const now = container.textContent ?? "";
    if (now.includes(text)) return now;
    if (performance.now() > deadline) throw new Error(`DOM never showed "${text}"; it shows "${now}"`);
  }
}

const opts = () => ({ baseURL: harness.url });

function Follow({ runId, accessToken }: { runId: string; accessToken: string }) {
  const { run } = useRealtimeRun(runId, { ...opts(), accessToken });
  return h("p", null, run ? `${run.status}:${JSON.stringify(run.output ?? null)}` : "loading");
}

function TriggerAndFollow({ token }: { token: string }) {
  const trigger = useTaskTrigger("compat.echo", { ...opts(), accessToken: token });
  const { submit } = trigger;
  // Once, on mount (submit is stable for a given task and options).
  // biome-ignore lint/correctness/useExhaustiveDependencies: trigger exactly once
  useEffect(() => submit({ v: "from-dom" }), []);
  if (!trigger.handle) return h("p", null, trigger.error ? `error:${trigger.error.message}` : "triggering");
  return h(Follow, { runId: trigger.handle.id, accessToken: trigger.handle.publicAccessToken });
}

describe("@trigger.dev/react-hooks in a DOM", () => {
  it("useTaskTrigger triggers with a public token; useRealtimeRun follows the run to its output", async () => {
    const token = await auth.createTriggerPublicToken("compat.echo");
    render(h(TriggerAndFollow, { token }));
    expect(await shows("COMPLETED")).toContain('{"v":"from-dom"}');
  }, 30_000);

  it("useRealtimeRunsWithTag lists the tagged runs as they complete", async () => {
    const tag = `dom-${Date.now()}`;
    for (const v of ["a", "b"]) await tasks.trigger("compat.echo", { v }, { tags: [tag] });
    const accessToken = await auth.createPublicToken({ scopes: { read: { tags: [tag] } } });
    function Tagged() {
      const { runs } = useRealtimeRunsWithTag(tag, { ...opts(), accessToken });
      const done = runs.filter((r) => r.status === "COMPLETED").length;
      return h("p", null, `runs:${runs.length} done:${done}`);
    }
    render(h(Tagged));
    await shows("runs:2 done:2");
  }, 30_000);

  it("useWaitToken completes the token a run waits for", async () => {
    const token = await wait.createToken({ timeout: "1h" });
    const run = await tasks.trigger("compat.await-token", { tokenId: token.id });
    function Approve() {
      const wt = useWaitToken<{ answer: string }>(token.id, {
        ...opts(),
        accessToken: token.publicAccessToken,
      });
      const { isReady, complete } = wt;
      // biome-ignore lint/correctness/useExhaustiveDependencies: complete once, when ready
      useEffect(() => {
        if (isReady) complete({ answer: "yes" });
      }, [isReady]);
      return h("p", null, wt.isCompleted ? "completed" : wt.error ? `error:${wt.error.message}` : "waiting");
    }
    render(h(Approve));
    await shows("completed");
    expect((await settled(run.id)).output).toEqual({ answer: "yes" });
  }, 30_000);

  it("useRealtimeRunWithStreams receives the run's stream chunks in order", async () => {
    const handle = await tasks.trigger("compat.stream-tokens", { n: 5, gapMs: 20 });
    function Streamed() {
      const { run, streams } = useRealtimeRunWithStreams<AnyTask, { tokens: { i: number } }>(handle.id, {
        ...opts(),
        accessToken: handle.publicAccessToken,
      });
      const got = (streams.tokens ?? []).map((c) => c.i).join(",");
      return h("p", null, `${run?.status ?? "loading"} tokens:${got}`);
    }
    render(h(Streamed));
    await shows("tokens:0,1,2,3,4");
    await shows("COMPLETED");
  }, 30_000);

  it("useInputStreamSend sends to the input stream a run waits on, with a write:inputStreams token", async () => {
    const run = await tasks.trigger("compat.input-wait", {});
    for (let i = 0; i < 300 && (await runs.retrieve(run.id)).status !== "WAITING"; i++)
      await new Promise((r) => setTimeout(r, 25));
    const accessToken = await auth.createPublicToken({ scopes: { write: { inputStreams: [run.id] } } });
    function Approve() {
      const input = useInputStreamSend<{ approved: boolean; reviewer: string }>("approval", run.id, {
        ...opts(),
        accessToken,
      });
      const { isReady, send } = input;
      // biome-ignore lint/correctness/useExhaustiveDependencies: send once, when ready
      useEffect(() => {
        if (isReady) send({ approved: true, reviewer: "dom" });
      }, [isReady]);
      return h(
        "p",
        null,
        input.error ? `error:${input.error.message}` : input.isLoading ? "sending" : "ready",
      );
    }
    render(h(Approve));
    expect((await settled(run.id)).output).toEqual({ approved: true, reviewer: "dom", after: null });
  }, 30_000);
});
