import { BOUNDARY } from "./text.js";

/**
 * Spelling mistakes are corrected only toward the clinical lexicon (the words our phrase lists spell),
 * never between ordinary words: "chset pian" becomes "chest pain", "swolen" becomes "swollen", but a
 * common word one letter away from a lexicon word ("will" vs "well", "right" vs "tight") stays as typed.
 * The first letter must match (phone typos rarely hit it) and short words are left alone.
 */
const COMMON = new Set(
  (
    "will what when then than that this them they have been more much just also take took feel felt like " +
    "some same sore were here there where your yours with from into over under after about again still " +
    "checking checked very really today night right light might fight sight tight bight know knew want went come came make " +
    "made back good fine well wall walk talk work word worm warm week weak wake woke life live love leave " +
    "left lift last lost most must mist need needs needed next near hard harder heard heart head hear help " +
    "hold told tell test best rest less mess kept keep seem seems seen soon some sure side size time tired " +
    "tried fire five give gave gone done dose does doing sleep sleepy sleeping sweet sweat water later " +
    "pero para pase paso poco poca mucho mucha pecho techo mismo misma ahora hora otra otro cosa casa todo " +
    "toda nada cada tengo tenia tomo tome toma como cama comer dolor calor color mejor peor mayor menor " +
    "bien bajo baja alto alta hace hice dice dije puedo puede pueda quiero quiere siento sienta estoy esta " +
    "este esto pies piel pide vida vino viene tarde noche dias dia semana"
  ).split(" "),
);

function withinOne(a: string, b: string): boolean {
  return distance(a, b, 1) <= 1;
}

/** Damerau-Levenshtein (adjacent transpositions), stopping early once `max` is exceeded. */
export function distance(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  const rows: number[][] = [];
  for (let i = 0; i <= a.length; i++) rows.push(new Array<number>(b.length + 1).fill(0));
  for (let j = 0; j <= b.length; j++) (rows[0] as number[])[j] = j;
  for (let i = 1; i <= a.length; i++) {
    const row = rows[i] as number[];
    const prev = rows[i - 1] as number[];
    row[0] = i;
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min((prev[j] ?? 0) + 1, (row[j - 1] ?? 0) + 1, (prev[j - 1] ?? 0) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        v = Math.min(v, ((rows[i - 2] as number[])[j - 2] ?? 0) + 1);
      }
      row[j] = v;
      rowMin = Math.min(rowMin, v);
    }
    if (rowMin > max) return max + 1;
  }
  return (rows[a.length] as number[])[b.length] ?? max + 1;
}

export class TypoCorrector {
  private readonly words: Set<string>;
  private readonly byFirst = new Map<string, string[]>();
  private readonly cache = new Map<string, string>();

  constructor(lexicon: Iterable<string>) {
    this.words = new Set([...lexicon].filter((w) => /^[a-z]+$/.test(w)));
    for (const w of this.words) {
      if (w.length < 4) continue;
      const key = w[0] ?? "";
      const list = this.byFirst.get(key) ?? [];
      list.push(w);
      this.byFirst.set(key, list);
    }
  }

  correct(tok: string): string {
    if (tok === BOUNDARY || tok.length < 4 || !/^[a-z]+$/.test(tok)) return tok;
    if (this.words.has(tok) || COMMON.has(tok)) return tok;
    const hit = this.cache.get(tok);
    if (hit !== undefined) return hit;
    const fixed = this.lookup(tok);
    if (this.cache.size > 5000) this.cache.clear();
    this.cache.set(tok, fixed);
    return fixed;
  }

  private lookup(tok: string): string {
    // "painful", "swelling": a lexicon word plus an ending is matched by the phrase stems, not a typo.
    for (let n = 4; n < tok.length; n++) if (this.words.has(tok.slice(0, n))) return tok;
    const max = tok.length >= 9 ? 2 : 1;
    let best = tok;
    let bestD = max + 1;
    for (const w of this.byFirst.get(tok[0] ?? "") ?? []) {
      // A typed word that merely starts a lexicon stem ("swell" of "swell*") is already matched by the prefix.
      if (w.length < 4 || (max === 1 && !withinOne(tok, w))) continue;
      const d = max === 1 ? 1 : distance(tok, w, max);
      if (d < bestD) {
        best = w;
        bestD = d;
        if (d === 1) break;
      }
    }
    return best;
  }

  correctAll(tokens: readonly string[]): string[] {
    return tokens.map((t) => this.correct(t));
  }
}
