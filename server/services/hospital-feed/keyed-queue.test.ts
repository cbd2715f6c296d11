import { describe, expect, it } from "vitest";
import { KeyedQueue } from "./keyed-queue.js";

const tick = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe("KeyedQueue", () => {
  it("runs one key's items in order even when the first is slower", async () => {
    const q = new KeyedQueue(4);
    const done: string[] = [];
    const a = q.run("p1", "a", async () => {
      await tick(20);
      done.push("a");
    });
    const b = q.run("p1", "b", async () => {
      done.push("b");
    });
    await Promise.all([a, b]);
    expect(done).toEqual(["a", "b"]);
  });

  it("never runs more than the limit at once, and a failure does not stop the key", async () => {
    const q = new KeyedQueue(2);
    let running = 0;
    let most = 0;
    const work = async () => {
      running++;
      most = Math.max(most, running);
      await tick(5);
      running--;
    };
    const failing = q.run("k0", "x", async () => {
      throw new Error("boom");
    });
    await expect(failing).rejects.toThrow("boom");
    for (let i = 0; i < 10; i++) void q.run(`k${i % 5}`, `id${i}`, work);
    expect(q.has("id3")).toBe(true);
    await q.drain();
    expect(most).toBe(2);
    expect(q.size).toBe(0);
    expect(q.has("id3")).toBe(false);
  });
});
