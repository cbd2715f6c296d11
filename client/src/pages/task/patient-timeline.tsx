import { Badge, Card, Code, Group, Stack, Text, Timeline, Title } from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import { reasonLabel, SeverityBadge } from "../../components/severity-badge";
import { EmptyState, ErrorState, LoadingState } from "../../components/states";
import type { TimelineItem } from "../../lib/api-types";
import { DISPOSITIONS } from "../../lib/api-types";
import { formatDateTime, formatFull, labelOf } from "../../lib/format";
import { useTRPC } from "../../lib/trpc";

const FAILED = new Set(["FAILED", "UNDELIVERED", "CANCELED", "SUPPRESSED"]);

export function PatientTimeline({ patientId }: { patientId: string }) {
  const trpc = useTRPC();
  const timeline = useQuery({
    ...trpc.timeline.patient.queryOptions({ patientId, limit: 300 }),
    refetchInterval: 10_000,
  });
  return (
    <Card withBorder component="section" aria-labelledby="timeline-title">
      <Title order={3} size="h5" id="timeline-title" mb="sm">
        Patient timeline
      </Title>
      {timeline.isPending && <LoadingState label="Loading timeline" />}
      {timeline.isError && <ErrorState error={timeline.error} onRetry={() => void timeline.refetch()} />}
      {timeline.data?.items.length === 0 && <EmptyState title="Nothing on record yet" />}
      {timeline.data && timeline.data.items.length > 0 && (
        <Timeline bulletSize={14} lineWidth={2} aria-label="Patient timeline, newest first">
          {timeline.data.items.map((item) => (
            <Timeline.Item key={`${item.kind}:${item.id}`} title={<ItemTitle item={item} />}>
              <ItemBody item={item} />
              <Text size="xs" c="dimmed" title={formatFull(item.at)}>
                {formatDateTime(item.at)}
              </Text>
            </Timeline.Item>
          ))}
        </Timeline>
      )}
    </Card>
  );
}

function ItemTitle({ item }: { item: TimelineItem }) {
  switch (item.kind) {
    case "MESSAGE":
      return (
        <Group gap="xs">
          <Text size="sm" fw={600}>
            {item.direction === "INBOUND" ? "Text from patient" : "Text to patient"}
          </Text>
          <Badge size="xs" variant="light" color={FAILED.has(item.status) ? "red" : "gray"}>
            {item.status.toLowerCase()}
            {item.errorCode ? ` (${item.errorCode})` : ""}
          </Badge>
        </Group>
      );
    case "ANSWER":
      return (
        <Group gap="xs">
          <Text size="sm" fw={600}>
            Answer judged: {labelOf(item.topic)}
          </Text>
          <SeverityBadge severity={item.severity as "NONE"} />
        </Group>
      );
    case "TASK_EVENT":
      return (
        <Text size="sm" fw={600} c={item.event.startsWith("SLA_") ? "red" : undefined}>
          Task {labelOf(item.event).toLowerCase()}
          {item.actorName ? ` by ${item.actorName}` : item.actorKind === "SYSTEM" ? " (system)" : ""}
        </Text>
      );
    case "VIEW":
      return (
        <Text size="sm" c="dimmed">
          {item.userName}{" "}
          {item.action === "VIEW_TASK"
            ? "viewed the task"
            : item.action === "VIEW_SIMULATOR"
              ? "read the texts in the phone simulator"
              : "viewed the patient record"}
        </Text>
      );
  }
}

function ItemBody({ item }: { item: TimelineItem }) {
  switch (item.kind) {
    case "MESSAGE":
      return (
        <Text size="sm" style={{ whiteSpace: "pre-wrap" }}>
          {item.body}
        </Text>
      );
    case "ANSWER":
      return <AnswerBody item={item} />;
    case "TASK_EVENT":
      return <EventData data={item.data} />;
    case "VIEW":
      return null;
  }
}

function AnswerBody({ item }: { item: Extract<TimelineItem, { kind: "ANSWER" }> }) {
  const explanation = item.explanation as unknown;
  const text =
    typeof explanation === "string"
      ? explanation
      : ((explanation as { text?: string; explanation?: string } | null)?.text ??
        (explanation as { explanation?: string } | null)?.explanation);
  const threshold =
    explanation && typeof explanation === "object"
      ? (explanation as { threshold?: unknown }).threshold
      : undefined;
  return (
    <Stack gap={2}>
      <Text size="sm">
        Reply “{item.rawReply}” read as <Code>{formatParsed(item.parsedValue)}</Code>
      </Text>
      {item.ruleId && (
        <Text size="sm">
          Rule <Code>{item.ruleId}</Code> v{item.ruleVersion ?? "?"}
          {item.reasonCode ? ` → ${reasonLabel(item.reasonCode)}` : ""}
        </Text>
      )}
      {threshold !== undefined && (
        <Text size="sm">
          Threshold <Code>{JSON.stringify(threshold)}</Code>
        </Text>
      )}
      {text && (
        <Text size="sm" c="dimmed">
          {text}
        </Text>
      )}
    </Stack>
  );
}

function formatParsed(v: unknown): string {
  if (v === null || v === undefined) return "nothing";
  if (typeof v === "object" && "value" in v) {
    const { value, unit } = v as { value: unknown; unit?: string };
    return `${String(value)}${unit ? ` ${unit}` : ""}`;
  }
  return typeof v === "string" ? v : JSON.stringify(v);
}

export function EventData({ data }: { data: Record<string, unknown> }) {
  const text = typeof data.text === "string" ? data.text : null;
  const reason = typeof data.reason === "string" ? data.reason : null;
  const disposition = DISPOSITIONS.find((d) => d.value === data.disposition)?.label;
  if (!text && !reason && !disposition) return null;
  return (
    <Text size="sm" style={{ whiteSpace: "pre-wrap" }}>
      {disposition ? `Disposition: ${disposition}` : (text ?? `Reason: ${reason}`)}
    </Text>
  );
}
