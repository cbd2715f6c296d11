import {
  ActionIcon,
  Button,
  Group,
  MultiSelect,
  NumberInput,
  Popover,
  SegmentedControl,
  Select,
  Stack,
  TextInput,
} from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { reasonLabel } from "../../components/severity-badge";
import {
  PRIORITIES,
  PROTOCOLS,
  QUEUE_REASON_CODES,
  type QueueScope,
  type SavedFilters,
} from "../../lib/api-types";
import { errorMessage, useTRPC } from "../../lib/trpc";

export type Scope = QueueScope;
export type FilterState = SavedFilters;

// Reason codes the protocols can raise; codes seen in the current queue are merged in too.
const KNOWN_REASONS: readonly string[] = QUEUE_REASON_CODES;

export function QueueFiltersBar(props: {
  value: FilterState;
  onChange: (next: FilterState) => void;
  seenReasons: string[];
}) {
  const { value, onChange } = props;
  const reasons = [...new Set([...KNOWN_REASONS, ...props.seenReasons, ...(value.reason ?? [])])];
  const set = (patch: Partial<FilterState>) => onChange({ ...value, ...patch });
  const day = (v: string | number) => (typeof v === "number" && v >= 1 ? v : undefined);
  return (
    <Stack gap="xs">
      <Group justify="space-between" align="flex-end">
        <SegmentedControl
          aria-label="Show tasks"
          value={value.scope}
          onChange={(v) => set({ scope: v as Scope })}
          data={[
            { label: "All open", value: "all" },
            { label: "Mine", value: "mine" },
            { label: "Unassigned", value: "unassigned" },
          ]}
        />
        <SavedViews value={value} onApply={onChange} />
      </Group>
      <Group gap="sm" align="flex-end">
        <MultiSelect
          label="Priority"
          placeholder="Any"
          w={200}
          clearable
          data={PRIORITIES.map((p) => ({ value: p.value, label: p.label }))}
          value={value.priority ?? []}
          onChange={(v) => set({ priority: v.length ? (v as FilterState["priority"]) : undefined })}
        />
        <MultiSelect
          label="Reason"
          placeholder="Any"
          w={260}
          searchable
          clearable
          data={reasons.map((r) => ({ value: r, label: reasonLabel(r) }))}
          value={value.reason ?? []}
          onChange={(v) => set({ reason: v.length ? v : undefined })}
        />
        <MultiSelect
          label="Protocol"
          placeholder="Any"
          w={220}
          clearable
          data={PROTOCOLS.map((p) => ({ value: p.value, label: p.label }))}
          value={value.protocol ?? []}
          onChange={(v) => set({ protocol: v.length ? (v as FilterState["protocol"]) : undefined })}
        />
        <NumberInput
          label="Episode day from"
          w={130}
          min={1}
          max={60}
          value={value.episodeDay?.min ?? ""}
          onChange={(v) => set({ episodeDay: { ...value.episodeDay, min: day(v) } })}
        />
        <NumberInput
          label="Episode day to"
          w={130}
          min={1}
          max={60}
          value={value.episodeDay?.max ?? ""}
          onChange={(v) => set({ episodeDay: { ...value.episodeDay, max: day(v) } })}
        />
        <Button variant="subtle" onClick={() => onChange({ scope: "all" })}>
          Clear filters
        </Button>
      </Group>
    </Stack>
  );
}

function SavedViews({ value, onApply }: { value: FilterState; onApply: (f: FilterState) => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const views = useQuery(trpc.task.savedViews.queryOptions());
  const [current, setCurrent] = useState<string | null>(null);
  const [name, setName] = useState("");
  const [open, setOpen] = useState(false);
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.task.savedViews.queryKey() });
  const save = useMutation(
    trpc.task.saveView.mutationOptions({
      onSuccess: (row) => {
        setCurrent(row.id);
        setOpen(false);
        setName("");
        notifications.show({ color: "teal", title: "View saved", message: row.name });
        void refresh();
      },
    }),
  );
  const remove = useMutation(
    trpc.task.deleteView.mutationOptions({
      onSuccess: () => {
        setCurrent(null);
        void refresh();
      },
      onError: (err) =>
        notifications.show({ color: "red", title: "Not deleted", message: errorMessage(err) }),
    }),
  );
  const submit = (e: FormEvent) => {
    e.preventDefault();
    save.mutate({ name, filters: value });
  };
  return (
    <Group gap="xs" align="flex-end">
      <Select
        label="Saved view"
        placeholder={views.isPending ? "Loading…" : views.data?.length ? "Pick a view" : "No saved views"}
        w={200}
        clearable
        data={(views.data ?? []).map((v) => ({ value: v.id, label: v.name }))}
        value={current}
        onChange={(id) => {
          setCurrent(id);
          const view = views.data?.find((v) => v.id === id);
          if (view) onApply(view.filters as FilterState);
        }}
        error={views.isError ? errorMessage(views.error) : undefined}
      />
      {current && (
        <ActionIcon
          variant="subtle"
          color="red"
          size="lg"
          aria-label="Delete saved view"
          loading={remove.isPending}
          onClick={() => remove.mutate({ id: current })}
        >
          ×
        </ActionIcon>
      )}
      <Popover opened={open} onChange={setOpen} trapFocus position="bottom-end" withArrow>
        <Popover.Target>
          <Button variant="light" onClick={() => setOpen((o) => !o)}>
            Save view
          </Button>
        </Popover.Target>
        <Popover.Dropdown>
          <Stack component="form" onSubmit={submit} gap="xs">
            <TextInput
              label="View name"
              required
              value={name}
              onChange={(e) => setName(e.currentTarget.value)}
              error={save.isError ? errorMessage(save.error) : undefined}
            />
            <Button type="submit" size="xs" loading={save.isPending} disabled={!name.trim()}>
              Save current filters
            </Button>
          </Stack>
        </Popover.Dropdown>
      </Popover>
    </Group>
  );
}
