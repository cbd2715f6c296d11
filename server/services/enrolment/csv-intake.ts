import Papa from "papaparse";
import { type Discharge, dischargeSchema } from "./intake-schema.js";

export const CSV_COLUMNS = [
  "firstName",
  "lastName",
  "mrn",
  "phone",
  "preferredLanguage",
  "timeZone",
  "protocol",
  "dischargedAt",
  "highRiskMedClasses",
] as const;

export type CsvRow =
  | { line: number; ok: true; value: Discharge }
  | { line: number; ok: false; errors: string[] };

export const MAX_CSV_ROWS = 2000;

/** Parses and validates every row without saving anything; errors name the column and the problem. */
export function parseDischargeCsv(csv: string): { rows: CsvRow[]; fatal?: string } {
  const parsed = Papa.parse<Record<string, string>>(csv.trim(), {
    header: true,
    skipEmptyLines: "greedy",
    transformHeader: (h) => h.trim(),
  });
  const missing = CSV_COLUMNS.filter((c) => c !== "highRiskMedClasses" && !parsed.meta.fields?.includes(c));
  if (missing.length) return { rows: [], fatal: `Missing column(s): ${missing.join(", ")}` };
  if (parsed.data.length > MAX_CSV_ROWS)
    return { rows: [], fatal: `At most ${MAX_CSV_ROWS} rows per upload` };
  const rows = parsed.data.map((raw, i): CsvRow => {
    const line = i + 2; // line 1 is the header
    const result = dischargeSchema.safeParse({
      ...raw,
      preferredLanguage: raw.preferredLanguage?.trim().toUpperCase() || undefined,
      protocol: raw.protocol?.trim().toUpperCase().replace("/", "_"),
      timeZone: raw.timeZone?.trim() || undefined,
      highRiskMedClasses: (raw.highRiskMedClasses ?? "")
        .split(/[;|]/)
        .map((s) => s.trim().toUpperCase())
        .filter(Boolean),
    });
    if (result.success) return { line, ok: true, value: result.data };
    return {
      line,
      ok: false,
      errors: result.error.issues.map((iss) => `${iss.path.join(".")}: ${iss.message}`),
    };
  });
  const seen = new Map<string, number>();
  for (const row of rows) {
    if (!row.ok) continue;
    const first = seen.get(row.value.mrn);
    if (first !== undefined) Object.assign(row, { ok: false, errors: [`mrn: duplicate of line ${first}`] });
    else seen.set(row.value.mrn, row.line);
  }
  return { rows };
}
