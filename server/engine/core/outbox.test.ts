import { describe, expect, it } from "vitest";
import { outbox } from "./outbox.js";

const turn = () => new Promise<void>((r) => setImmediate(r));

describe("outbox", () => {
  it("posts what one turn sent as one array, in order, and nothing for a turn that sent nothing", async () => {
    const posted: number[][] = [];
    const send = outbox<number>((batch) => posted.push(batch));
    send(1);
    send(2);
    await Promise.resolve();
    send(3);
    expect(posted).toEqual([]);
    await turn();
    expect(posted).toEqual([[1, 2, 3]]);
    await turn();
    send(4);
    await turn();
    expect(posted).toEqual([[1, 2, 3], [4]]);
  });
});
