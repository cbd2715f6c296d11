// Texting spellings patients use, expanded before matching ("cant breath w/o sitting up", "toy mal").
export const TEXTING: Readonly<Record<string, string[]>> = {
  u: ["you"],
  ur: ["your"],
  rn: ["right", "now"],
  cuz: ["because"],
  bc: ["because"],
  tho: ["though"],
  abt: ["about"],
  sob: ["short", "of", "breath"],
  xq: ["porque"],
  pq: ["porque"],
  q: ["que"],
  tmb: ["tambien"],
  toy: ["estoy"],
  nd: ["nada"],
  d: ["de"],
  "2day": ["today"],
};

// Emoji that carry an answer; the rest are dropped by normalize. A thumbs-up is "ok", not "yes": to
// "any chest pain?" it could mean either, so it is re-asked rather than read as a red flag or as NONE.
const EMOJI: readonly [RegExp, string][] = [
  [/\u{1F44D}|\u{1F44C}|\u{1F197}/gu, " ok "],
  [/\u{2705}|\u{2714}\u{FE0F}?/gu, " yes "],
  [/\u{274C}|\u{1F6AB}|\u{1F44E}/gu, " no "],
  [/\u{1F912}|\u{1F975}/gu, " fever "],
  [/\u{1F691}/gu, " ambulance "],
  [/\u{1F494}|\u{1FAC0}/gu, " heart "],
];

export function expandEmoji(raw: string): string {
  if (!/[^\u0020-\u024F\s]/u.test(raw)) return raw;
  let s = raw;
  for (const [re, w] of EMOJI) s = s.replace(re, w);
  return s;
}
