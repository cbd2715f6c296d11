import {
  Button,
  Group,
  Indicator,
  Popover,
  ScrollArea,
  Stack,
  Text,
  UnstyledButton,
  VisuallyHidden,
} from "@mantine/core";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useLocation } from "wouter";
import { ago } from "../lib/format";
import { useNow, useServerOffset } from "../lib/time";
import { errorMessage, useTRPC } from "../lib/trpc";
import { ErrorState, LoadingState } from "./states";

/**
 * In-app notices (task assigned, SLA warning or breach, nobody available): a count in the header,
 * the latest in a list; opening one marks it read and goes to its task. Live through /events.
 */
export function NotificationBell() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [, navigate] = useLocation();
  const inbox = useQuery(trpc.notification.list.queryOptions({ limit: 30 }, { refetchInterval: 60_000 }));
  const now = useNow(useServerOffset(inbox.data?.serverNow), 30_000);
  const markRead = useMutation(
    trpc.notification.markRead.mutationOptions({
      onSettled: () => void queryClient.invalidateQueries({ queryKey: trpc.notification.list.queryKey() }),
    }),
  );
  const unread = inbox.data?.unread ?? 0;
  return (
    <Popover width={360} position="bottom-end" shadow="md" withArrow>
      {/* The target is the button itself: aria-expanded is not allowed on the indicator's div. */}
      <Indicator label={unread > 99 ? "99+" : unread} size={16} disabled={unread === 0} color="red">
        <Popover.Target>
          <Button variant="subtle" size="xs" aria-label={`Notifications, ${unread} unread`}>
            Notifications
          </Button>
        </Popover.Target>
      </Indicator>
      <Popover.Dropdown>
        <Group justify="space-between" mb="xs">
          <Text fw={600}>Notifications</Text>
          <Button
            variant="subtle"
            size="compact-xs"
            disabled={unread === 0}
            loading={markRead.isPending}
            onClick={() => markRead.mutate({})}
          >
            Mark all read
          </Button>
        </Group>
        {markRead.isError && (
          <Text c="red" size="sm" role="alert">
            {errorMessage(markRead.error)}
          </Text>
        )}
        {inbox.isPending && <LoadingState label="Loading notifications" />}
        {inbox.isError && <ErrorState error={inbox.error} onRetry={() => void inbox.refetch()} />}
        {inbox.data?.items.length === 0 && (
          <Text c="dimmed" size="sm">
            Nothing yet. Assignments and SLA alerts for you appear here.
          </Text>
        )}
        {inbox.data && inbox.data.items.length > 0 && (
          <ScrollArea.Autosize mah={360}>
            <Stack gap={4} component="ul" style={{ listStyle: "none", padding: 0, margin: 0 }}>
              {inbox.data.items.map((n) => (
                <li key={n.id}>
                  <UnstyledButton
                    w="100%"
                    p={6}
                    style={{
                      borderRadius: 4,
                      background: n.readAt ? undefined : "var(--mantine-color-blue-light)",
                    }}
                    onClick={() => {
                      if (!n.readAt) markRead.mutate({ ids: [n.id] });
                      if (n.taskId) navigate(`/tasks/${n.taskId}`);
                    }}
                  >
                    {!n.readAt && <VisuallyHidden>Unread: </VisuallyHidden>}
                    <Text size="sm" fw={n.readAt ? 400 : 600}>
                      {n.title}
                    </Text>
                    <Text size="xs" c="dimmed">
                      {n.patientName ? `${n.patientName} · ` : ""}
                      {ago(n.createdAt, now)}
                    </Text>
                  </UnstyledButton>
                </li>
              ))}
            </Stack>
          </ScrollArea.Autosize>
        )}
      </Popover.Dropdown>
    </Popover>
  );
}
