import { describe, expect, it } from "vitest";
import { buildAck, parseHl7 } from "./message.js";

const MSG = "MSH|^~\\&|EPIC|RIVER|SEQ|SEQ|20261203||ADT^A03^ADT_A03|C1|P|2.5.1\rPID|1||M1^^^H^MR";

describe("HL7 parse and ACK", () => {
  it("reads the header and answers AA with sender and receiver swapped", () => {
    const parsed = parseHl7(Buffer.from(MSG));
    expect(parsed).toMatchObject({
      ok: true,
      header: { sendingFacility: "RIVER", controlId: "C1", event: "A03" },
    });
    const ack = buildAck(parsed.header, { code: "AA" }).split("\r");
    expect(ack[0]).toMatch(
      /^MSH\|\^~\\&\|SEQ\|SEQ\|EPIC\|RIVER\|\d+\+0000\|\|ACK\^A03\^ACK\|SQ\d+\|P\|2\.5\.1$/,
    );
    expect(ack[1]).toBe("MSA|AA|C1|");
    expect(ack).toHaveLength(2);
  });

  it("puts the reason in MSA-3 and ERR, with separators taken out", () => {
    const ack = buildAck(parseHl7(Buffer.from(MSG)).header, {
      code: "AE",
      error: "101",
      reason: "PID-3 | missing",
    });
    expect(ack.split("\r")[2]).toBe("ERR|||101^PID-3   missing^HL70357|E||||PID-3   missing");
  });

  it.each([
    ["not HL7", Buffer.from("hello"), "MSH"],
    ["invalid UTF-8", Buffer.concat([Buffer.from(MSG), Buffer.from([0xc3, 0x28])]), "UTF-8"],
    ["no control id", Buffer.from(MSG.replace("|C1|", "||")), "MSH-10"],
  ])("refuses %s", (_, bytes, words) => {
    const parsed = parseHl7(bytes);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.reason).toContain(words);
  });

  it("reads Latin-1 when MSH-18 says so", () => {
    const latin = Buffer.concat([
      Buffer.from(`${MSG.split("\r")[0]}||||||8859/1\rPID|1||M1||Pe`),
      Buffer.from([0xf1]),
      Buffer.from("a^Jo"),
    ]);
    const parsed = parseHl7(latin);
    expect(parsed.ok && parsed.message.getSegment("PID")?.getComponent(5, 1)).toBe("Peña");
  });
});
