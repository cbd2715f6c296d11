import { Anchor, Badge, Button, Group, Table, Text } from "@mantine/core";
import { useVirtualizer } from "@tanstack/react-virtual";
import { type RefObject, useEffect, useRef } from "react";
import { Link } from "wouter";
import { reasonLabel, SeverityBadge } from "../../components/severity-badge";
import { SlaCountdown } from "../../components/sla-countdown";
import type { QueueTask } from "../../lib/api-types";

const ROW_HEIGHT = 49;

interface Props {
  tasks: QueueTask[];
  now: Date;
  selected: number;
  onSelect: (index: number) => void;
  onClaim: (task: QueueTask) => void;
  claimingId: string | null;
  scrollRef?: RefObject<((index: number) => void) | null>;
}

/**
 * Virtualised so a queue of 1,000+ open tasks re-renders only the ~20 visible rows on each
 * one-second countdown tick.
 */
export function QueueTable({ tasks, now, selected, onSelect, onClaim, claimingId, scrollRef }: Props) {
  const parentRef = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({
    count: tasks.length,
    getScrollElement: () => parentRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 12,
  });
  useEffect(() => {
    if (scrollRef) scrollRef.current = (i) => virtualizer.scrollToIndex(i, { align: "auto" });
  }, [scrollRef, virtualizer]);
  const items = virtualizer.getVirtualItems();
  const top = items[0]?.start ?? 0;
  const bottom = virtualizer.getTotalSize() - (items.at(-1)?.end ?? 0);
  return (
    <div ref={parentRef} style={{ maxHeight: "calc(100vh - 250px)", minHeight: 200, overflow: "auto" }}>
      <Table
        highlightOnHover
        stickyHeader
        aria-label="Open tasks sorted by SLA due time"
        aria-rowcount={tasks.length + 1}
        verticalSpacing="xs"
      >
        <Table.Thead>
          <Table.Tr>
            <Table.Th>SLA</Table.Th>
            <Table.Th>Severity</Table.Th>
            <Table.Th>Patient</Table.Th>
            <Table.Th>Reason</Table.Th>
            <Table.Th>Protocol</Table.Th>
            <Table.Th>Day</Table.Th>
            <Table.Th>Assignee</Table.Th>
            <Table.Th>Actions</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {top > 0 && (
            <tr>
              <td colSpan={8} style={{ height: top, padding: 0, border: 0 }} />
            </tr>
          )}
          {items.map((item) => {
            const task = tasks[item.index];
            if (!task) return null;
            return (
              <QueueRow
                key={task.id}
                task={task}
                index={item.index}
                now={now}
                selected={item.index === selected}
                onSelect={onSelect}
                onClaim={onClaim}
                claiming={claimingId === task.id}
              />
            );
          })}
          {bottom > 0 && (
            <tr>
              <td colSpan={8} style={{ height: bottom, padding: 0, border: 0 }} />
            </tr>
          )}
        </Table.Tbody>
      </Table>
    </div>
  );
}

function QueueRow(props: {
  task: QueueTask;
  index: number;
  now: Date;
  selected: boolean;
  onSelect: (i: number) => void;
  onClaim: (t: QueueTask) => void;
  claiming: boolean;
}) {
  const { task, now, selected } = props;
  return (
    <Table.Tr
      data-testid="queue-row"
      aria-selected={selected}
      aria-rowindex={props.index + 2}
      onClick={() => props.onSelect(props.index)}
      bg={selected ? "var(--sequora-row-selected)" : undefined}
      // Selection is also a bar on the left edge, not only a tint.
      style={{
        height: ROW_HEIGHT,
        boxShadow: selected ? "inset 4px 0 0 var(--mantine-color-teal-filled)" : undefined,
      }}
    >
      <Table.Td>
        <SlaCountdown due={task.slaDueAt} now={now} />
      </Table.Td>
      <Table.Td>
        <SeverityBadge severity={task.severity} />
      </Table.Td>
      <Table.Td>
        <Group gap={6} wrap="nowrap">
          <Anchor
            component={Link}
            href={`/tasks/${task.id}`}
            aria-label={`Open task for ${task.patient.displayName}`}
          >
            {task.patient.displayName}
          </Anchor>
          {task.patient.language === "ES" && (
            <Badge size="xs" variant="outline" color="grape" aria-label="Prefers Spanish">
              ES
            </Badge>
          )}
        </Group>
      </Table.Td>
      <Table.Td>{reasonLabel(task.primaryReason)}</Table.Td>
      <Table.Td>{task.episode?.protocol ?? "—"}</Table.Td>
      <Table.Td>{task.episodeDay ?? "—"}</Table.Td>
      <Table.Td>
        {task.assignee ? (
          <Group gap={6} wrap="nowrap">
            <Text size="sm">{task.assignee.name}</Text>
            {task.status === "IN_PROGRESS" && (
              <Badge size="xs" variant="light" color="teal">
                claimed
              </Badge>
            )}
          </Group>
        ) : (
          <Badge variant="outline" color="gray">
            unassigned
          </Badge>
        )}
      </Table.Td>
      <Table.Td>
        {task.status === "OPEN" && (
          <Button
            size="compact-xs"
            variant="light"
            loading={props.claiming}
            onClick={(e) => {
              e.stopPropagation();
              props.onClaim(task);
            }}
          >
            Claim
          </Button>
        )}
      </Table.Td>
    </Table.Tr>
  );
}
