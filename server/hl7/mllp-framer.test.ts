import { describe, expect, it } from "vitest";
import { MllpFrameReader, mllpFrame } from "./mllp-framer.js";

const text = (frames: { bytes: Buffer }[]) => frames.map((f) => f.bytes.toString());

describe("MLLP framing", () => {
  it("reads a frame whole, split anywhere, or several per chunk", () => {
    const stream = Buffer.concat([mllpFrame("MSH|a"), mllpFrame("MSH|b")]);
    expect(text(new MllpFrameReader(100).push(stream))).toEqual(["MSH|a", "MSH|b"]);
    for (let cut = 1; cut < stream.length; cut++) {
      const r = new MllpFrameReader(100);
      expect(text([...r.push(stream.subarray(0, cut)), ...r.push(stream.subarray(cut))])).toEqual([
        "MSH|a",
        "MSH|b",
      ]);
    }
  });

  it("skips bytes outside frames and keeps a lone 0x1C inside one", () => {
    const r = new MllpFrameReader(100);
    const frames = r.push(Buffer.from("\r\n\x0bMSH|x\x1cy\x1c\r"));
    expect(text(frames)).toEqual(["MSH|x\x1cy"]);
  });

  it("keeps only the first bytes of an oversized frame but reports its size and stays in step", () => {
    const r = new MllpFrameReader(4);
    const [big, next] = r.push(Buffer.concat([mllpFrame("MSH|0123456789"), mllpFrame("MSH|ok")]));
    expect(big).toMatchObject({ size: 14 });
    expect(big?.bytes.toString()).toBe("MSH|");
    expect(next?.bytes.toString()).toBe("MSH|");
  });

  it("knows when a connection would cut a message short", () => {
    const r = new MllpFrameReader(100);
    r.push(Buffer.from("\x0bMSH|half"));
    expect(r.midFrame).toBe(true);
    r.push(Buffer.from("\x1c\r"));
    expect(r.midFrame).toBe(false);
  });
});
