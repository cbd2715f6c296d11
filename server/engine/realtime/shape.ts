import type { RealtimeRunRow } from "./types.js";

// Electric's wire format for the `TaskRun` shape the SDK subscribes to. The column list and the
// Postgres types mirror what the SDK's `SubscribeRunRawShape` parses; the Electric client turns
// each string back into a JS value using the `electric-schema` header, so type names matter.

type ColumnType = { type: string; dims?: number; not_null?: boolean; pk_index?: number };

type Encoder = (row: RealtimeRunRow) => string | null;

interface Column {
  name: string;
  type: ColumnType;
  encode: Encoder;
}

/** Columns a client may never skip: the SDK's schema requires them. */
const REQUIRED_COLUMNS = new Set(["id", "friendlyId", "taskIdentifier", "status", "createdAt", "updatedAt"]);

/** Electric sends `timestamp without time zone` as ISO text without a zone; the SDK appends the `Z`. */
export function encodeTimestamp(value: Date | null | undefined): string | null {
  if (!value) return null;
  return value.toISOString().replace(/Z$/, "");
}

function quoteArrayElement(value: string): string {
  return `"${value.replace(/\\/g, "\\\\").replace(/"/g, '\\"')}"`;
}

/** A Postgres one-dimensional text array literal, e.g. `{"a","b"}`. */
export function encodeTextArray(values: readonly string[] | null | undefined): string | null {
  if (!values) return null;
  return `{${values.map(quoteArrayElement).join(",")}}`;
}

function num(value: number | undefined): string {
  return String(value ?? 0);
}

const text = (pick: (row: RealtimeRunRow) => string | null | undefined): Encoder => {
  return (row) => pick(row) ?? null;
};

const timestamp = (pick: (row: RealtimeRunRow) => Date | null | undefined): Encoder => {
  return (row) => encodeTimestamp(pick(row));
};

const TEXT: ColumnType = { type: "text" };
const TS: ColumnType = { type: "timestamp" };
const TEXT_ARRAY: ColumnType = { type: "text", dims: 1 };

const COLUMNS: readonly Column[] = [
  { name: "id", type: { type: "text", not_null: true, pk_index: 0 }, encode: (r) => r.id },
  { name: "friendlyId", type: { type: "text", not_null: true }, encode: (r) => r.friendlyId },
  { name: "taskIdentifier", type: { type: "text", not_null: true }, encode: (r) => r.taskIdentifier },
  { name: "status", type: { type: "text", not_null: true }, encode: (r) => r.status },
  { name: "createdAt", type: { type: "timestamp", not_null: true }, encode: timestamp((r) => r.createdAt) },
  { name: "updatedAt", type: { type: "timestamp", not_null: true }, encode: timestamp((r) => r.updatedAt) },
  { name: "startedAt", type: TS, encode: timestamp((r) => r.startedAt) },
  { name: "delayUntil", type: TS, encode: timestamp((r) => r.delayUntil) },
  { name: "queuedAt", type: TS, encode: timestamp((r) => r.queuedAt) },
  { name: "expiredAt", type: TS, encode: timestamp((r) => r.expiredAt) },
  { name: "completedAt", type: TS, encode: timestamp((r) => r.completedAt) },
  { name: "idempotencyKey", type: TEXT, encode: text((r) => r.idempotencyKey) },
  { name: "number", type: { type: "int4", not_null: true }, encode: (r) => num(r.number) },
  { name: "isTest", type: { type: "bool", not_null: true }, encode: (r) => (r.isTest ? "t" : "f") },
  { name: "usageDurationMs", type: { type: "int4", not_null: true }, encode: (r) => num(r.usageDurationMs) },
  { name: "costInCents", type: { type: "float8", not_null: true }, encode: (r) => num(r.costInCents) },
  {
    name: "baseCostInCents",
    type: { type: "float8", not_null: true },
    encode: (r) => num(r.baseCostInCents),
  },
  { name: "ttl", type: TEXT, encode: text((r) => r.ttl) },
  { name: "payload", type: TEXT, encode: text((r) => r.payload) },
  { name: "payloadType", type: TEXT, encode: text((r) => r.payloadType) },
  { name: "metadata", type: TEXT, encode: text((r) => r.metadata) },
  { name: "metadataType", type: TEXT, encode: text((r) => r.metadataType) },
  { name: "output", type: TEXT, encode: text((r) => r.output) },
  { name: "outputType", type: TEXT, encode: text((r) => r.outputType) },
  { name: "runTags", type: TEXT_ARRAY, encode: (r) => encodeTextArray(r.runTags) },
  { name: "error", type: { type: "jsonb" }, encode: (r) => (r.error ? JSON.stringify(r.error) : null) },
  { name: "realtimeStreams", type: TEXT_ARRAY, encode: (r) => encodeTextArray(r.realtimeStreams ?? []) },
];

export interface ShapeColumns {
  columns: readonly Column[];
  /** The `electric-schema` header value. */
  schemaHeader: string;
}

/** The column set for a request; `skipColumns` may drop optional columns only. */
export function selectColumns(skipColumns: readonly string[]): ShapeColumns {
  const skip = new Set(skipColumns.filter((c) => !REQUIRED_COLUMNS.has(c)));
  const columns = COLUMNS.filter((c) => !skip.has(c.name));
  const schema: Record<string, ColumnType> = {};
  for (const column of columns) schema[column.name] = column.type;
  return { columns, schemaHeader: JSON.stringify(schema) };
}

export type ShapeOperation = "insert" | "update";

export interface ChangeMessage {
  key: string;
  value: Record<string, string | null>;
  headers: { operation: ShapeOperation };
}

export type ShapeMessage = ChangeMessage | { headers: { control: "up-to-date" } };

export function toChangeMessage(
  row: RealtimeRunRow,
  columns: readonly Column[],
  operation: ShapeOperation,
): ChangeMessage {
  const value: Record<string, string | null> = {};
  for (const column of columns) value[column.name] = column.encode(row);
  return { key: `"public"."TaskRun"/"${row.id}"`, value, headers: { operation } };
}

export const UP_TO_DATE: ShapeMessage = { headers: { control: "up-to-date" } };

/** Offsets are opaque to the client; ours carry the engine's change sequence. */
export function formatOffset(seq: bigint): string {
  return `${seq}_0`;
}

/** `-1` (start of the shape) becomes null; anything not produced by `formatOffset` is invalid. */
export function parseOffset(raw: string | null): bigint | null | "invalid" {
  if (raw === null || raw === "-1") return null;
  const match = /^(\d+)_\d+$/.exec(raw);
  return match?.[1] ? BigInt(match[1]) : "invalid";
}
