import { Group, Stack, Text } from "@mantine/core";
import { formatDateTime } from "../../lib/format";

const STATUS_COLORS: Record<string, string> = {
  COMPLETED: "teal",
  EXECUTING: "blue",
  WAITING: "grape",
  QUEUED: "gray",
  DELAYED: "gray",
  FAILED: "red",
  CRASHED: "red",
  SYSTEM_FAILURE: "red",
  CANCELED: "gray",
  TIMED_OUT: "orange",
  EXPIRED: "orange",
};

export function RunStatusBadge({ status }: { status: string }) {
  return (
    <Text
      size="xs"
      fw={700}
      tt="uppercase"
      c={STATUS_COLORS[status] ?? "gray"}
      style={{ whiteSpace: "nowrap" }}
    >
      {status.toLowerCase().replace(/_/g, " ")}
    </Text>
  );
}

/** Tasks publish what they wait for in metadata (e.g. {waitingFor: "reply", until: ISO date}). */
export function MetadataSummary({ metadata }: { metadata: Record<string, unknown> | undefined | null }) {
  if (!metadata || Object.keys(metadata).length === 0) return <Text size="sm">—</Text>;
  return (
    <Stack gap={0}>
      {Object.entries(metadata)
        .slice(0, 4)
        .map(([k, v]) => (
          <Group key={k} gap={4} wrap="nowrap">
            <Text size="xs" c="dimmed">
              {k}:
            </Text>
            <Text size="xs">{renderValue(v)}</Text>
          </Group>
        ))}
    </Stack>
  );
}

function renderValue(v: unknown): string {
  if (typeof v === "string" && /^\d{4}-\d{2}-\d{2}T/.test(v)) return formatDateTime(v);
  if (typeof v === "string" || typeof v === "number" || typeof v === "boolean") return String(v);
  return JSON.stringify(v).slice(0, 80);
}
