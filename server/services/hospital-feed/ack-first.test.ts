import { describe, expect, it } from "vitest";
import { acksQuiet, withAckPriority } from "./ack-first.js";

describe("ACK first", () => {
  it("acting goes at once when no message waits for its ACK", async () => {
    const t = performance.now();
    await acksQuiet(1_000);
    expect(performance.now() - t).toBeLessThan(500);
  });

  it("acting waits for the messages being acknowledged, then goes", async () => {
    let release!: () => void;
    const ack = withAckPriority(() => new Promise<void>((r) => (release = r)));
    let acted = false;
    const act = acksQuiet(60_000).then(() => (acted = true));
    await new Promise((r) => setTimeout(r, 20));
    expect(acted).toBe(false);
    release();
    await ack;
    await act;
    expect(acted).toBe(true);
  });

  it("acting waits no longer than its bound under a steady stream of messages", async () => {
    let release!: () => void;
    const ack = withAckPriority(() => new Promise<void>((r) => (release = r)));
    await acksQuiet(10);
    release();
    await ack;
  });
});
