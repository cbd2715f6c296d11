import { ALL_KIND_CASES, scoreCase, scoreTables } from "./score.js";

// `npx tsx server/triage/cases/score-cli.ts`: the case tables by kind and language. Exit 1 on any failure.
const rows = scoreTables();
const pad = (s: string | number, n: number) => String(s).padEnd(n);
process.stdout.write(
  `${pad("kind", 34)}${pad("en", 5)}${pad("es", 5)}${pad("pass", 6)}${pad("under", 7)}over\n`,
);
const total = { en: 0, es: 0, passed: 0, under: 0, over: 0 };
for (const r of rows) {
  process.stdout.write(
    `${pad(r.kind, 34)}${pad(r.en, 5)}${pad(r.es, 5)}${pad(r.passed, 6)}${pad(r.under, 7)}${r.over}\n`,
  );
  total.en += r.en;
  total.es += r.es;
  total.passed += r.passed;
  total.under += r.under;
  total.over += r.over;
}
process.stdout.write(
  `${pad("total", 34)}${pad(total.en, 5)}${pad(total.es, 5)}${pad(total.passed, 6)}${pad(total.under, 7)}${total.over}\n`,
);
for (const c of ALL_KIND_CASES) {
  const s = scoreCase(c);
  if (!s.pass) {
    process.stdout.write(
      `FAIL ${c.kind} ${c.lang} ${c.protocol}/${c.topic} ${JSON.stringify(c.reply)}: want ${c.expect} ${c.reason ?? ""}, got ${s.got} ${s.reason ?? ""}\n`,
    );
  }
}
if (total.passed < total.en + total.es) process.exitCode = 1;
