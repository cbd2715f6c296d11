// Carrier (CTIA) keywords must match the whole message, so "stop texting me" is NOT an opt-out:
// plain-language requests go to a nurse to confirm (CLINICAL-PROTOCOLS.md, messaging rules).
export type Keyword = "OPT_OUT" | "OPT_IN" | "HELP" | "YES";

const KEYWORDS: Record<string, Keyword> = {
  STOP: "OPT_OUT",
  STOPALL: "OPT_OUT",
  UNSUBSCRIBE: "OPT_OUT",
  CANCEL: "OPT_OUT",
  END: "OPT_OUT",
  QUIT: "OPT_OUT",
  REVOKE: "OPT_OUT",
  OPTOUT: "OPT_OUT",
  ALTO: "OPT_OUT",
  PARAR: "OPT_OUT",
  START: "OPT_IN",
  UNSTOP: "OPT_IN",
  COMENZAR: "OPT_IN",
  HELP: "HELP",
  INFO: "HELP",
  AYUDA: "HELP",
  YES: "YES",
  SI: "YES",
};

/** Upper case, accents removed (SÍ -> SI), punctuation and surrounding blanks dropped. */
export function foldKeyword(body: string): string {
  return body
    .normalize("NFD")
    .replace(/\p{M}+/gu, "")
    .toUpperCase()
    .replace(/[^\p{L}\p{N}\s]+/gu, "")
    .replace(/\s+/g, " ")
    .trim();
}

export function classifyKeyword(body: string): Keyword | null {
  return KEYWORDS[foldKeyword(body)] ?? null;
}
