import { auth, runs, streams, tasks } from "@trigger.dev/sdk";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type CompatHarness, KEY, settled, startCompat } from "./harness.js";

let h: CompatHarness;
beforeAll(async () => {
  h = await startCompat();
}, 60_000);
afterAll(async () => h?.close());

type Tok = { i: number; text: string };

async function readAll<T>(stream: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const chunk of stream) out.push(chunk);
  return out;
}

describe("realtime streams (streams.pipe / append / read, metadata.stream, withStreams)", () => {
  it("a subscriber with withStreams() gets every chunk in order, then the finished run", async () => {
    const handle = await tasks.trigger("compat.stream-tokens", { n: 20, gapMs: 10 });
    const got: Tok[] = [];
    const notes: string[] = [];
    let finished = false;
    for await (const part of runs.subscribeToRun(handle.id).withStreams<{ tokens: Tok; notes: string }>()) {
      if (part.type === "tokens") got.push(part.chunk);
      else if (part.type === "notes") notes.push(part.chunk);
      else if (part.type === "run" && part.run.finishedAt) {
        finished = true;
        expect(part.run.status).toBe("COMPLETED");
      }
      if (finished && got.length === 20 && notes.length === 1) break;
    }
    expect(got.map((c) => c.i)).toEqual([...Array(20).keys()]);
    expect(got[3]).toEqual({ i: 3, text: "token-3" });
    expect(notes).toEqual(["done\nwith a newline"]);
    const run = await runs.retrieve(handle.id);
    expect(run.output).toEqual({ sent: 20 });
  }, 30_000);

  it("streams.read started before the first chunk ends by itself when the run finishes", async () => {
    const handle = await tasks.trigger("compat.stream-tokens", { n: 12, gapMs: 20 });
    const chunks = await readAll(await streams.read<Tok>(handle.id, "tokens"));
    expect(chunks.map((c) => c.i)).toEqual([...Array(12).keys()]);
    expect((await settled(handle.id)).status).toBe("COMPLETED");
  }, 30_000);

  it("a finished run's stream replays from the start, or from startIndex", async () => {
    const handle = await tasks.trigger("compat.stream-tokens", { n: 8, gapMs: 0 });
    await settled(handle.id);
    expect((await readAll(await streams.read<Tok>(handle.id, "tokens"))).map((c) => c.i)).toEqual([
      0, 1, 2, 3, 4, 5, 6, 7,
    ]);
    const tail = await readAll(await streams.read<Tok>(handle.id, "tokens", { startIndex: 5 }));
    expect(tail.map((c) => c.i)).toEqual([5, 6, 7]);
    expect(await readAll(await streams.read(handle.id, "never-written"))).toEqual([]);
  }, 30_000);

  it("metadata.stream (v4's deprecated form) is waited for before the run completes", async () => {
    const handle = await tasks.trigger("compat.metadata-stream", { n: 6 });
    expect((await settled(handle.id)).status).toBe("COMPLETED");
    const chunks = await readAll(await streams.read<Tok>(handle.id, "legacy"));
    expect(chunks.map((c) => c.i)).toEqual([0, 1, 2, 3, 4, 5]);
  }, 30_000);

  it("a task reads another run's stream while it is written", async () => {
    const writer = await tasks.trigger("compat.stream-tokens", { n: 10, gapMs: 30, holdMs: 300 });
    const reader = await tasks.trigger("compat.stream-reader", { runId: writer.id });
    const done = await settled(reader.id);
    expect(done.status).toBe("COMPLETED");
    expect(done.output).toEqual({ seen: [...Array(10).keys()] });
  }, 30_000);

  it("public tokens read only the streams of runs they may read; writers need a secret key", async () => {
    const handle = await tasks.trigger("compat.stream-tokens", { n: 3, gapMs: 0 });
    await settled(handle.id);
    const own = await fetch(`${h.url}/realtime/v1/streams/${handle.id}/tokens`, {
      headers: { authorization: `Bearer ${handle.publicAccessToken}` },
    });
    expect(own.status).toBe(200);
    expect((await own.text()).match(/^id: /gm)).toHaveLength(3);
    const other = await auth.createPublicToken({ scopes: { read: { runs: ["run_someoneelse"] } } });
    const denied = await fetch(`${h.url}/realtime/v1/streams/${handle.id}/tokens`, {
      headers: { authorization: `Bearer ${other}` },
    });
    expect(denied.status).toBe(404);
    const write = await fetch(`${h.url}/realtime/v1/streams/${handle.id}/self/tokens/append`, {
      method: "POST",
      headers: { authorization: `Bearer ${handle.publicAccessToken}` },
      body: "x",
    });
    expect(write.status).toBe(403);
    const tooLarge = await fetch(`${h.url}/realtime/v1/streams/${handle.id}/self/tokens/append`, {
      method: "POST",
      headers: { authorization: `Bearer ${KEY}` },
      body: "y".repeat(1_100_000),
    });
    expect(tooLarge.status).toBe(413);
    const probe = await fetch(`${h.url}/realtime/v1/streams/${handle.id}/self/tokens`, {
      method: "HEAD",
      headers: { authorization: `Bearer ${KEY}` },
    });
    expect(probe.headers.get("x-last-chunk-index")).toBe("2");
  }, 30_000);
});
