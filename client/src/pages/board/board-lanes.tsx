import {
  Anchor,
  Badge,
  Card,
  Checkbox,
  Group,
  ScrollArea,
  Select,
  SimpleGrid,
  Stack,
  Text,
  Title,
} from "@mantine/core";
import { Link } from "wouter";
import { reasonLabel, SeverityBadge } from "../../components/severity-badge";
import { SlaCountdown } from "../../components/sla-countdown";
import type { Board, BoardTask } from "../../lib/api-types";

const LANES = [
  { key: "BREACHED", title: "Breached", color: "red" },
  { key: "WARNING", title: "Inside warning window", color: "orange" },
  { key: "ON_TRACK", title: "On track", color: "teal" },
] as const;

interface Props {
  board: Board;
  now: Date;
  selected: Set<string>;
  onToggle: (id: string, on: boolean) => void;
  staff: { value: string; label: string }[];
  onReassign: (taskId: string, toUserId: string) => void;
}

export function BoardLanes({ board, now, selected, onToggle, staff, onReassign }: Props) {
  return (
    <SimpleGrid cols={{ base: 1, md: 3 }}>
      {LANES.map((lane) => {
        const tasks = board.lanes[lane.key];
        const id = `lane-${lane.key}`;
        return (
          <Card key={lane.key} withBorder component="section" aria-labelledby={id} p="sm">
            <Title order={3} size="h5" id={id} c={lane.color} mb="xs">
              {lane.title} ({tasks.length})
            </Title>
            <ScrollArea.Autosize mah={520} type="auto">
              <Stack gap="xs">
                {tasks.length === 0 && (
                  <Text size="sm" c="dimmed">
                    None
                  </Text>
                )}
                {tasks.map((task) => (
                  <LaneCard
                    key={task.id}
                    task={task}
                    now={now}
                    checked={selected.has(task.id)}
                    onToggle={onToggle}
                    staff={staff}
                    onReassign={onReassign}
                  />
                ))}
              </Stack>
            </ScrollArea.Autosize>
          </Card>
        );
      })}
    </SimpleGrid>
  );
}

function LaneCard(props: {
  task: BoardTask;
  now: Date;
  checked: boolean;
  onToggle: (id: string, on: boolean) => void;
  staff: { value: string; label: string }[];
  onReassign: (taskId: string, toUserId: string) => void;
}) {
  const { task } = props;
  return (
    <Card withBorder p="xs" data-testid="board-task" radius="sm">
      <Group justify="space-between" wrap="nowrap" gap="xs">
        <Checkbox
          aria-label={`Select task for ${task.patient.displayName}`}
          checked={props.checked}
          onChange={(e) => props.onToggle(task.id, e.currentTarget.checked)}
        />
        <Anchor component={Link} href={`/tasks/${task.id}`} size="sm" fw={600} style={{ flex: 1 }}>
          {task.patient.displayName}
        </Anchor>
        <SeverityBadge severity={task.severity} />
        <SlaCountdown size="sm" due={task.slaDueAt} now={props.now} />
      </Group>
      <Group justify="space-between" mt={4} gap="xs" wrap="nowrap">
        <Text size="xs">
          {reasonLabel(task.primaryReason)}
          {task.patient.language === "ES" && (
            <Badge size="xs" ml={4} variant="outline" color="grape">
              ES
            </Badge>
          )}
        </Text>
        <Select
          size="xs"
          w={170}
          aria-label={`Reassign task for ${task.patient.displayName}`}
          placeholder={task.assignee?.name ?? "Unassigned"}
          data={props.staff.filter((s) => s.value !== task.assignee?.id)}
          value={null}
          onChange={(v) => v && props.onReassign(task.id, v)}
        />
      </Group>
    </Card>
  );
}
