import { Button, Group, Menu, Text, Tooltip } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { format } from "date-fns";
import { errorMessage, useTRPC } from "../lib/trpc";

const HOUR = 60 * 60 * 1000;
const JUMPS = [
  { label: "1 hour", ms: HOUR },
  { label: "6 hours", ms: 6 * HOUR },
  { label: "1 day", ms: 24 * HOUR },
  { label: "7 days", ms: 7 * 24 * HOUR },
];

/** Admin-only in embedded mode: move the demo clock forward so a 30-day episode fits in a demo. */
export function ClockControl() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const clock = useQuery({ ...trpc.clock.get.queryOptions(), refetchInterval: 15_000, retry: false });
  const advance = useMutation(
    trpc.clock.advance.mutationOptions({
      onSuccess: () => {
        // Time moved for everything on screen: re-query all of it.
        void queryClient.invalidateQueries();
      },
      onError: (err) =>
        notifications.show({ color: "red", title: "Clock not moved", message: errorMessage(err) }),
    }),
  );
  if (!clock.data?.canAdvance) return null;
  return (
    <Group gap={6}>
      <Tooltip label="Server time (demo clock)">
        <Text size="sm" ff="monospace" aria-label="Server time">
          {format(clock.data.now, "MMM d HH:mm")}
        </Text>
      </Tooltip>
      <Menu position="bottom-end">
        <Menu.Target>
          <Button size="xs" variant="light" color="grape" loading={advance.isPending}>
            Advance clock
          </Button>
        </Menu.Target>
        <Menu.Dropdown>
          <Menu.Label>Jump ahead</Menu.Label>
          {JUMPS.map((j) => (
            <Menu.Item key={j.ms} onClick={() => advance.mutate({ ms: j.ms })}>
              +{j.label}
            </Menu.Item>
          ))}
        </Menu.Dropdown>
      </Menu>
    </Group>
  );
}
