import { Badge, Group, Table, Text } from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import { format } from "date-fns";
import { ErrorState, LoadingState } from "../../components/states";
import { spanLength } from "../../lib/time";
import { useTRPC } from "../../lib/trpc";

const LEVEL_COLORS: Record<string, string> = {
  ERROR: "red",
  WARN: "orange",
  TRACE: "grape",
  DEBUG: "dimmed",
};

const tokens = (n: number | null) => (n === null ? "?" : n.toLocaleString());

/**
 * The run's `logger.*` lines and the spans its code made, depth first (a span, then what was made
 * inside it, indented); a language-model call shows its model and token counts. Fetched when a row
 * is opened.
 */
export function RunLogs({ id, live }: { id: string; live: boolean }) {
  const trpc = useTRPC();
  const logs = useQuery({ ...trpc.runs.logs.queryOptions({ id }), refetchInterval: live ? 3000 : false });
  if (logs.isPending) return <LoadingState label="Loading logs" />;
  if (logs.isError) return <ErrorState error={logs.error} />;
  if (logs.data.lines.length === 0)
    return (
      <Text size="xs" c="dimmed">
        No log lines.
      </Text>
    );
  return (
    <Table fz="xs" verticalSpacing={2} withRowBorders={false} aria-label={`Logs of run ${id}`}>
      <Table.Thead>
        <Table.Tr>
          <Table.Th>Time</Table.Th>
          <Table.Th>Level</Table.Th>
          <Table.Th>Message</Table.Th>
          <Table.Th>Attempt</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {logs.data.lines.map((l) => (
          <Table.Tr key={l.id}>
            <Table.Td ff="monospace" style={{ whiteSpace: "nowrap" }}>
              {format(new Date(l.at), "HH:mm:ss.SSS")}
            </Table.Td>
            <Table.Td>
              <Text size="xs" fw={700} c={l.isError ? "red" : (LEVEL_COLORS[l.level] ?? undefined)}>
                {l.level.toLowerCase()}
              </Text>
            </Table.Td>
            <Table.Td
              ff="monospace"
              style={{
                whiteSpace: "pre-wrap",
                wordBreak: "break-word",
                paddingLeft: `calc(${l.depth} * 1.25rem)`,
              }}
              data-depth={l.depth}
            >
              <Group gap={6} wrap="wrap" component="span">
                <span>
                  {l.depth > 0 && (
                    <Text span c="dimmed" aria-hidden="true">
                      {"└ "}
                    </Text>
                  )}
                  {l.message}
                  {l.level === "TRACE" ? ` (${spanLength(l.durationMs)})` : ""}
                </span>
                {l.ai && (
                  <Badge size="xs" variant="light" color="violet" tt="none" title="Language-model call">
                    AI · {l.ai.model}
                    {l.ai.provider ? ` (${l.ai.provider})` : ""} · {tokens(l.ai.inputTokens)} in /{" "}
                    {tokens(l.ai.outputTokens)} out tokens
                  </Badge>
                )}
              </Group>
            </Table.Td>
            <Table.Td>{l.attempt ?? "—"}</Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
      {logs.data.truncated && (
        <Table.Caption>
          <Text size="xs" c="dimmed">
            Only the first {logs.data.lines.length} lines are shown.
          </Text>
        </Table.Caption>
      )}
    </Table>
  );
}
