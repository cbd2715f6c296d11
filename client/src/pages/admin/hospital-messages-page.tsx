import { Button, Group, Select, Stack, Text, Title } from "@mantine/core";
import { useInfiniteQuery, useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { EmptyState, ErrorState, LoadingState } from "../../components/states";
import { useTRPC } from "../../lib/trpc";
import { HospitalMessageDialog } from "./hospital-message-dialog";
import { type HospitalMessage, type MessageResult, RESULT_OPTIONS } from "./hospital-message-labels";
import { HospitalMessagesTable } from "./hospital-messages-table";

const PAGE = 100;

/** Every message the hospital feeds sent, what became of each, the raw text and a replay. */
export function HospitalMessagesPage() {
  const trpc = useTRPC();
  const [result, setResult] = useState<MessageResult | null>(null);
  const [type, setType] = useState<string | null>(null);
  const [open, setOpen] = useState<HospitalMessage | null>(null);
  const facets = useQuery(trpc.hospitalFeed.facets.queryOptions());
  const list = useInfiniteQuery(
    trpc.hospitalFeed.list.infiniteQueryOptions(
      { limit: PAGE, ...(result ? { result } : {}), ...(type ? { type } : {}) },
      { getNextPageParam: (last) => last.nextCursor ?? undefined },
    ),
  );
  const messages = list.data?.pages.flatMap((p) => p.items) ?? [];
  const typeOptions = (facets.data?.types ?? []).map((t) => ({
    value: t.type,
    label: `${t.type} (${t.count})`,
  }));
  return (
    <Stack>
      <Group justify="space-between" align="flex-end">
        <Stack gap={2}>
          <Title order={2}>Hospital messages</Title>
          <Text size="sm" c="dimmed">
            {facets.data
              ? `${facets.data.total.toLocaleString()} received`
              : "Every message the hospital feeds sent"}
          </Text>
        </Stack>
        <Group>
          <Select
            label="Result"
            placeholder="Any result"
            clearable
            data={RESULT_OPTIONS}
            value={result}
            onChange={(v) => setResult(v as MessageResult | null)}
            w={220}
          />
          <Select
            label="Type"
            placeholder="Any type"
            clearable
            data={typeOptions}
            value={type}
            onChange={setType}
            w={180}
          />
        </Group>
      </Group>
      {list.isPending && <LoadingState label="Loading hospital messages" />}
      {list.isError && <ErrorState error={list.error} onRetry={() => void list.refetch()} />}
      {list.isSuccess && messages.length === 0 && (
        <EmptyState title={result || type ? "No messages match these filters" : "No hospital messages yet"}>
          {result || type
            ? "Clear a filter to see more."
            : "Messages appear here as soon as the hospital's interface engine sends them (MLLP or HTTPS)."}
        </EmptyState>
      )}
      {messages.length > 0 && <HospitalMessagesTable messages={messages} onOpen={setOpen} />}
      {list.hasNextPage && (
        <Group justify="center">
          <Button variant="light" loading={list.isFetchingNextPage} onClick={() => void list.fetchNextPage()}>
            Load older messages
          </Button>
        </Group>
      )}
      {open && <HospitalMessageDialog message={open} onClose={() => setOpen(null)} />}
    </Stack>
  );
}
