import { TZDate } from "@date-fns/tz";
import type { Hl7Field } from "@medplum/core";
import type { Language } from "../../db/client.js";

// Readers for the HL7 v2 data types the ADT mapping needs (TS/DTM, XTN, CE). Pure.

const TS = /^(\d{4})(\d{2})?(\d{2})?(\d{2})?(\d{2})?(\d{2})?(?:\.\d{1,4})?([+-]\d{4})?$/;

/**
 * An HL7 timestamp (`YYYY[MM[DD[HH[MM[SS[.S]]]]]][+/-ZZZZ]`) -> Date; a time without an offset is
 * the hospital's local time. Null when the text is not a real date (month 13, 31 February...).
 */
export function parseHl7Time(text: string, timeZone: string): Date | null {
  const m = TS.exec(text.trim());
  if (!m) return null;
  const [y, mo = "01", d = "01", h = "00", mi = "00", s = "00"] = m.slice(1, 7).map((v) => v ?? undefined);
  const parts = [Number(y), Number(mo), Number(d), Number(h), Number(mi), Number(s)] as const;
  const [Y, M, D, H, Mi, S] = parts;
  if (M < 1 || M > 12 || D < 1 || D > 31 || H > 23 || Mi > 59 || S > 59) return null;
  const offset = m[7];
  let date: Date;
  if (offset) {
    const sign = offset.startsWith("-") ? -1 : 1;
    const minutes = sign * (Number(offset.slice(1, 3)) * 60 + Number(offset.slice(3, 5)));
    date = new Date(Date.UTC(Y, M - 1, D, H, Mi, S) - minutes * 60_000);
  } else {
    date = new Date(new TZDate(Y, M - 1, D, H, Mi, S, timeZone).getTime());
  }
  // Date rolls 31 February over into March: refuse instead.
  const check = new Date(Date.UTC(Y, M - 1, D));
  if (check.getUTCDate() !== D || Number.isNaN(date.getTime())) return null;
  return date;
}

/** Undoes HL7 escape sequences in text (\F\ \S\ \T\ \R\ \E\); other escapes are dropped. */
export function unescapeHl7(text: string): string {
  return text.replace(/\\([FSTRE]|[^\\]*)\\/g, (_, code: string) => {
    switch (code) {
      case "F":
        return "|";
      case "S":
        return "^";
      case "T":
        return "&";
      case "R":
        return "~";
      case "E":
        return "\\";
      default:
        return "";
    }
  });
}

/** Every repetition of a field, as its components (1-based index -> text). */
export function repetitions(field: Hl7Field | undefined): ((n: number) => string)[] {
  if (!field) return [];
  return field.components.map((comps) => (n: number) => unescapeHl7(comps[n - 1] ?? "").trim());
}

export type PhoneKind = "MOBILE" | "UNSPECIFIED" | "LANDLINE" | "OTHER";

export interface PhoneChoice {
  /** E.164 number to text, or null when no repetition is a usable mobile. */
  mobile: string | null;
  /** A number a nurse can ring when there is no mobile (landline). */
  callable: string | null;
}

/** A US-style or international number -> E.164; null when it cannot be one. */
export function toE164(text: string, countryCode = ""): string | null {
  const digits = text.replace(/\D/g, "");
  const cc = countryCode.replace(/\D/g, "");
  if (text.trim().startsWith("+")) return /^[1-9]\d{7,14}$/.test(digits) ? `+${digits}` : null;
  if (cc) return /^[1-9]\d{7,14}$/.test(cc + digits) ? `+${cc}${digits}` : null;
  if (digits.length === 10 && /^[2-9]/.test(digits)) return `+1${digits}`;
  if (digits.length === 11 && digits.startsWith("1")) return `+${digits}`;
  return null;
}

/**
 * PID-13 / NK1-5 (XTN, repeating): prefers a cellular number (equipment type CP), then one whose
 * equipment type is not given (it may be a mobile; a text to a landline comes back as such);
 * landlines (PH), fax, pagers and e-mail addresses are never texted.
 */
export function choosePhone(field: Hl7Field | undefined): PhoneChoice {
  const found: { kind: PhoneKind; number: string }[] = [];
  for (const c of repetitions(field)) {
    const equipment = c(3).toUpperCase();
    const local = c(7) ? `${c(6)}${c(7)}` : c(1);
    const number = toE164(local, c(5));
    if (!number) continue;
    const kind: PhoneKind =
      equipment === "CP"
        ? "MOBILE"
        : equipment === ""
          ? "UNSPECIFIED"
          : equipment === "PH"
            ? "LANDLINE"
            : "OTHER";
    found.push({ kind, number });
  }
  const pick = (kind: PhoneKind) => found.find((f) => f.kind === kind)?.number ?? null;
  return { mobile: pick("MOBILE") ?? pick("UNSPECIFIED"), callable: pick("LANDLINE") };
}

/** PID-15 (CE: `es^Spanish^ISO6391`, `SPA`, `Spanish`) -> a language Sequora texts in. */
export function languageOf(field: Hl7Field | undefined): Language | null {
  const [c] = repetitions(field);
  if (!c) return null;
  const words = [c(1), c(2)].map((s) => s.toLowerCase());
  if (words.some((w) => ["es", "spa", "spanish", "español", "espanol"].includes(w))) return "ES";
  if (words.some((w) => ["en", "eng", "english"].includes(w))) return "EN";
  return null;
}
