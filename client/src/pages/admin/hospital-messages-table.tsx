import { Badge, Button, Code, Table, Text } from "@mantine/core";
import { useVirtualizer } from "@tanstack/react-virtual";
import { useRef } from "react";
import { formatDateTime } from "../../lib/format";
import { type HospitalMessage, RESULT_LABELS } from "./hospital-message-labels";

const ROW_HEIGHT = 53;
const COLUMNS = 6;

/** Virtualised: a busy feed stores thousands of messages a day; only the rows in view render. */
export function HospitalMessagesTable({
  messages,
  onOpen,
}: {
  messages: HospitalMessage[];
  onOpen: (m: HospitalMessage) => void;
}) {
  const parentRef = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({
    count: messages.length,
    getScrollElement: () => parentRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 12,
  });
  const items = virtualizer.getVirtualItems();
  const top = items[0]?.start ?? 0;
  const bottom = virtualizer.getTotalSize() - (items.at(-1)?.end ?? 0);
  const now = new Date();
  return (
    <div ref={parentRef} style={{ maxHeight: "calc(100vh - 260px)", minHeight: 200, overflow: "auto" }}>
      <Table
        stickyHeader
        highlightOnHover
        verticalSpacing="xs"
        aria-label="Hospital messages, newest first"
        aria-rowcount={messages.length + 1}
      >
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Received</Table.Th>
            <Table.Th>Sender</Table.Th>
            <Table.Th>Type</Table.Th>
            <Table.Th>Control id</Table.Th>
            <Table.Th>Result</Table.Th>
            <Table.Th>Raw message</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {top > 0 && (
            <tr>
              <td colSpan={COLUMNS} style={{ height: top, padding: 0, border: 0 }} />
            </tr>
          )}
          {items.map((item) => {
            const m = messages[item.index];
            if (!m) return null;
            const result = RESULT_LABELS[m.result];
            return (
              <Table.Tr key={m.id} aria-rowindex={item.index + 2} style={{ height: ROW_HEIGHT }}>
                <Table.Td>{formatDateTime(m.receivedAt, now)}</Table.Td>
                <Table.Td>
                  <Text size="sm">{m.sendingFacility || "(none)"}</Text>
                  <Text size="xs" c="dimmed">
                    {m.sendingApp} · {m.transport}
                  </Text>
                </Table.Td>
                <Table.Td>{m.messageType ?? "—"}</Table.Td>
                <Table.Td>
                  <Code>{m.controlId.length > 24 ? `${m.controlId.slice(0, 21)}…` : m.controlId}</Code>
                </Table.Td>
                <Table.Td>
                  <Badge variant="light" color={result.color}>
                    {result.label}
                  </Badge>
                  {m.reason && (
                    <Text size="xs" c="dimmed" lineClamp={1} title={m.reason}>
                      {m.reason}
                    </Text>
                  )}
                </Table.Td>
                <Table.Td>
                  <Button
                    size="compact-xs"
                    variant="light"
                    aria-label={`View raw message ${m.controlId}`}
                    onClick={() => onOpen(m)}
                  >
                    View raw
                  </Button>
                </Table.Td>
              </Table.Tr>
            );
          })}
          {bottom > 0 && (
            <tr>
              <td colSpan={COLUMNS} style={{ height: bottom, padding: 0, border: 0 }} />
            </tr>
          )}
        </Table.Tbody>
      </Table>
    </div>
  );
}
