import { Group, Kbd, Stack, Text, Title } from "@mantine/core";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { useCallback, useMemo, useRef, useState } from "react";
import { useLocation } from "wouter";
import { EmptyState, ErrorState, LoadingState } from "../../components/states";
import { NoteDialog, ReassignDialog, ResolveDialog, useClaim } from "../../components/task-dialogs";
import { useNow, useServerOffset } from "../../lib/time";
import { useTRPC } from "../../lib/trpc";
import { type FilterState, QueueFiltersBar } from "./queue-filters";
import { QueueTable } from "./queue-table";
import { type QueueKey, useQueueKeys } from "./use-queue-keys";

type Dialog = { kind: "note" | "reassign" | "resolve"; taskId: string } | null;

export function QueuePage() {
  const trpc = useTRPC();
  const [, navigate] = useLocation();
  const [filters, setFilters] = useState<FilterState>({ scope: "all" });
  const queue = useQuery({
    ...trpc.task.list.queryOptions({ ...filters, limit: 2000 }),
    refetchInterval: 5_000,
    placeholderData: keepPreviousData,
  });
  const now = useNow(useServerOffset(queue.data?.serverNow));
  const tasks = queue.data?.tasks ?? [];
  const [selected, setSelected] = useState(0);
  const [dialog, setDialog] = useState<Dialog>(null);
  const scrollTo = useRef<((i: number) => void) | null>(null);
  const claim = useClaim();
  const seenReasons = useMemo(() => [...new Set(tasks.map((t) => t.primaryReason))], [tasks]);
  const current = tasks[Math.min(selected, tasks.length - 1)];

  const onKey = useCallback(
    (key: QueueKey) => {
      const move = (delta: number) => {
        const next = Math.max(0, Math.min(tasks.length - 1, selected + delta));
        setSelected(next);
        scrollTo.current?.(next);
      };
      if (key === "next") return move(1);
      if (key === "prev") return move(-1);
      if (!current) return;
      switch (key) {
        case "open":
          return navigate(`/tasks/${current.id}`);
        case "claim":
          if (current.status === "OPEN") claim.mutate({ id: current.id });
          return;
        case "note":
        case "reassign":
        case "resolve":
          return setDialog({ kind: key, taskId: current.id });
      }
    },
    [tasks.length, selected, current, claim, navigate],
  );
  useQueueKeys(dialog === null, onKey);

  return (
    <Stack>
      <Group justify="space-between" align="baseline">
        <Title order={2}>Task queue</Title>
        <Text size="xs" c="dimmed" aria-label="Keyboard shortcuts">
          <Kbd>j</Kbd>/<Kbd>k</Kbd> move · <Kbd>Enter</Kbd> open · <Kbd>c</Kbd> claim · <Kbd>n</Kbd> note ·{" "}
          <Kbd>r</Kbd> reassign · <Kbd>d</Kbd> resolve
        </Text>
      </Group>
      <QueueFiltersBar
        value={filters}
        onChange={(f) => {
          setFilters(f);
          setSelected(0);
        }}
        seenReasons={seenReasons}
      />
      {queue.isPending && <LoadingState label="Loading tasks" />}
      {queue.isError && !queue.data && (
        <ErrorState error={queue.error} onRetry={() => void queue.refetch()} />
      )}
      {queue.data && tasks.length === 0 && (
        <EmptyState title="No open tasks">
          {filters.scope === "all" && !filters.reason && !filters.protocol && !filters.priority
            ? "Nothing needs attention right now. New escalations appear here as they arrive."
            : "No open task matches these filters."}
        </EmptyState>
      )}
      {tasks.length > 0 && (
        <>
          <Text size="sm" c="dimmed" aria-live="polite">
            {tasks.length} open {tasks.length === 1 ? "task" : "tasks"}
            {queue.isError ? " · connection lost, retrying" : ""}
          </Text>
          <QueueTable
            tasks={tasks}
            now={now}
            selected={selected}
            onSelect={setSelected}
            onClaim={(t) => claim.mutate({ id: t.id })}
            claimingId={claim.isPending ? (claim.variables?.id ?? null) : null}
            scrollRef={scrollTo}
          />
        </>
      )}
      <NoteDialog taskId={dialog?.kind === "note" ? dialog.taskId : null} onClose={() => setDialog(null)} />
      <ResolveDialog
        taskId={dialog?.kind === "resolve" ? dialog.taskId : null}
        onClose={() => setDialog(null)}
      />
      <ReassignDialog
        taskIds={dialog?.kind === "reassign" ? [dialog.taskId] : null}
        onClose={() => setDialog(null)}
      />
    </Stack>
  );
}
