import { Alert, Button, Group, Select, Text } from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { formatDateTime } from "../lib/format";
import { errorMessage, useTRPC } from "../lib/trpc";

const WINDOWS = [14, 28, 56];

/**
 * Free clinic slots, soonest first (optionally one spoken language), within a window from the
 * server's clock (a demo may have moved it ahead) that the nurse can widen when it holds no free time. Shared by the Visit requests
 * page and the "Book visit" dialog.
 */
export function SlotPicker(props: {
  label: string;
  value: string | null;
  onChange: (slotId: string | null) => void;
  language?: "EN" | "ES";
  exclude?: string[];
}) {
  const trpc = useTRPC();
  const [windowIndex, setWindowIndex] = useState(0);
  const days = WINDOWS[windowIndex] ?? 14;
  const slots = useQuery(
    trpc.visit.slots.queryOptions({
      limit: 200,
      days,
      ...(props.language ? { language: props.language } : {}),
    }),
  );
  const data = (slots.data ?? [])
    .filter((s) => !props.exclude?.includes(s.id))
    .map((s) => ({
      value: s.id,
      label: `${formatDateTime(s.startsAt)} · ${s.clinician.name} · ${s.clinic.name}`,
    }));
  const canWiden = windowIndex < WINDOWS.length - 1;
  if (slots.isError)
    return (
      <Alert color="red" title="Free times could not be loaded" role="alert">
        <Group gap="xs">
          <Text size="sm">{errorMessage(slots.error)}</Text>
          <Button size="compact-sm" variant="light" onClick={() => void slots.refetch()}>
            Try again
          </Button>
        </Group>
      </Alert>
    );
  if (slots.isSuccess && data.length === 0)
    return (
      <Alert color="yellow" title={props.label}>
        <Group gap="xs">
          <Text size="sm">
            No free times in the next {days} days{canWiden ? ": widen the window." : "."}
          </Text>
          {canWiden && (
            <Button size="compact-sm" variant="light" onClick={() => setWindowIndex((i) => i + 1)}>
              Show {WINDOWS[windowIndex + 1]} days
            </Button>
          )}
        </Group>
      </Alert>
    );
  return (
    <Select
      label={props.label}
      placeholder={slots.isPending ? "Loading free times" : "Pick a free time"}
      description={`Free times in the next ${days} days`}
      disabled={slots.isPending}
      data={data}
      searchable
      value={props.value}
      onChange={props.onChange}
      nothingFoundMessage="No free time matches"
    />
  );
}
