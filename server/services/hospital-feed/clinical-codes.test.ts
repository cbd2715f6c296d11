import { describe, expect, it } from "vitest";
import { dispositionReason, protocolForCodes } from "./clinical-codes.js";

describe("ICD-10 -> protocol", () => {
  it.each([
    [["I50.9"], [], "HF"],
    [["i5023"], [], "HF"],
    [["J44.1"], [], "COPD"],
    [["J43.9"], [], "COPD"],
    [["I21.4"], [], "AMI"],
    [["I22.0"], [], "AMI"],
    [["J18.9"], [], "PNA"],
    [["J12.82"], [], "PNA"],
    [["J19.0"], [], "GENERAL"],
    [["Z96.641"], [], "THA_TKA"],
    [["Z96.652"], [], "THA_TKA"],
    [["Z47.1"], [], "GENERAL"],
    [["Z47.11"], [], "THA_TKA"],
    [["M16.11"], ["0SR9019"], "THA_TKA"],
    [[], ["27447"], "THA_TKA"],
    [["E11.9"], [], "DM"],
    [["E10.65"], [], "DM"],
    [["E13.9"], [], "GENERAL"],
    [["E11.9", "J18.9", "I50.9"], [], "HF"],
    [["E11.9", "I21.4", "J44.1"], [], "AMI"],
    [["E11.9", "Z96.641"], [], "THA_TKA"],
    [[], [], "GENERAL"],
  ])("%j %j -> %s", (dx, px, protocol) => {
    expect(protocolForCodes(dx, px)).toBe(protocol);
  });
});

describe("PV1-36 disposition -> not enrolled", () => {
  it.each([
    ["01", null],
    ["1", null],
    ["06", null],
    ["07", null],
    ["", null],
    ["99", null],
    ["20", "EXPIRED"],
    ["41", "EXPIRED"],
    ["50", "HOSPICE"],
    ["51", "HOSPICE"],
    ["02", "OTHER_HOSPITAL"],
    ["43", "OTHER_HOSPITAL"],
    ["03", "NURSING_FACILITY"],
    ["64", "NURSING_FACILITY"],
    ["21", "LAW_ENFORCEMENT"],
    ["81", null],
    ["82", "OTHER_HOSPITAL"],
    ["86", null],
    ["87", "LAW_ENFORCEMENT"],
    ["92", "NURSING_FACILITY"],
  ])("%s -> %s", (code, reason) => {
    expect(dispositionReason(code)).toBe(reason);
  });
});
