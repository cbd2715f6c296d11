import fc from "fast-check";

// Strings chosen to break things: NUL and control characters (Postgres rejects NUL), lone
// surrogates, huge and empty values, SQL and path syntax, prototype keys, format look-alikes.
export const HOSTILE_STRINGS = [
  "",
  " ",
  "\u0000",
  "a\u0000b",
  "\ud800",
  "\u202e\u0041",
  "%00",
  "%E0%A4%A",
  "../../etc/passwd",
  "' OR 1=1 --",
  '"; DROP TABLE "User"; --',
  "__proto__",
  "constructor",
  "null",
  "undefined",
  "NaN",
  "-1",
  "9".repeat(400),
  "x".repeat(70_000),
  "run_",
  "run_zzzzzzzzzzzz",
  "patient:",
  "+1",
  "+19999999999999999",
  "275760-09-13T00:00:00.000Z",
  "0000-00-00",
  "😀".repeat(50),
];

export interface JsonSchema {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  minItems?: number;
  maxItems?: number;
  enum?: unknown[];
  const?: unknown;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  minimum?: number;
  maximum?: number;
  maxLength?: number;
  pattern?: string;
  format?: string;
}

const hostile = fc.constantFrom(...HOSTILE_STRINGS);
const anyJson = fc.oneof(
  fc.constant(null),
  fc.boolean(),
  fc.double(),
  fc.integer(),
  hostile,
  fc.array(hostile, { maxLength: 3 }),
  fc.dictionary(hostile, hostile, { maxKeys: 3 }),
);

/**
 * Values shaped by a procedure's input schema (from zod's JSON Schema export), usually valid,
 * often subtly wrong: a field may be hostile, missing, mistyped or out of range. `ids` are real
 * ids from the database, so lookups go past "not found" into the code behind them.
 */
export function arbitraryFor(schema: JsonSchema | null, ids: string[], depth = 0): fc.Arbitrary<unknown> {
  if (!schema || depth > 6) return anyJson;
  const valid = validFor(schema, ids, depth);
  return fc.oneof({ arbitrary: valid, weight: 6 }, { arbitrary: anyJson, weight: 1 });
}

function validFor(schema: JsonSchema, ids: string[], depth: number): fc.Arbitrary<unknown> {
  const alts = schema.anyOf ?? schema.oneOf;
  if (alts?.length) return fc.oneof(...alts.map((s) => arbitraryFor(s, ids, depth + 1)));
  if (schema.enum?.length) return fc.constantFrom(...schema.enum);
  if (schema.const !== undefined) return fc.constant(schema.const);
  const type = Array.isArray(schema.type) ? schema.type[0] : schema.type;
  switch (type) {
    case "object": {
      const props = schema.properties ?? {};
      const model: Record<string, fc.Arbitrary<unknown>> = {};
      for (const [k, v] of Object.entries(props)) model[k] = arbitraryFor(v, ids, depth + 1);
      return fc.record(model, { requiredKeys: schema.required?.filter((k) => k in props) ?? [] });
    }
    case "array":
      return fc.array(arbitraryFor(schema.items ?? null, ids, depth + 1), {
        minLength: Math.min(schema.minItems ?? 0, 5),
        maxLength: Math.min(schema.maxItems ?? 5, 5),
      });
    case "integer":
      return fc.oneof(
        fc.integer({ min: schema.minimum ?? -1e6, max: schema.maximum ?? 1e6 }),
        fc.constantFrom(0, -1, 2 ** 31, Number.MAX_SAFE_INTEGER),
      );
    case "number":
      return fc.oneof(fc.double({ noNaN: true }), fc.constantFrom(0, -1, 1e308));
    case "boolean":
      return fc.boolean();
    case "null":
      return fc.constant(null);
    case "string":
      return stringFor(schema, ids);
    default:
      return anyJson;
  }
}

function stringFor(schema: JsonSchema, ids: string[]): fc.Arbitrary<string> {
  const options: fc.Arbitrary<string>[] = [
    hostile,
    fc.string({ maxLength: Math.min(schema.maxLength ?? 40, 80) }),
  ];
  if (ids.length) options.push(fc.constantFrom(...ids));
  if (schema.format === "email") options.push(fc.emailAddress());
  if (schema.format === "date-time") {
    options.push(fc.date({ noInvalidDate: true }).map((d) => d.toISOString()));
  }
  if (schema.pattern) {
    try {
      options.push(fc.stringMatching(new RegExp(schema.pattern)).filter((s) => s.length <= 200));
    } catch {
      // A pattern fast-check cannot generate from: the other options still cover the field.
    }
  }
  return fc.oneof(...options);
}
