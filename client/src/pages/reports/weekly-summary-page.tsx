import { Button, Card, Grid, NavLink, Stack, Table, Text, Title } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { lazy, Suspense } from "react";
import { Link, useParams } from "wouter";
import { EmptyState, ErrorState, LoadingState } from "../../components/states";
import type { RouterOutputs } from "../../lib/api-types";
import { formatDateTime } from "../../lib/format";
import { errorMessage, useTRPC } from "../../lib/trpc";

// recharts is heavy and only supervisors and admins come here.
const WeekFigures = lazy(() => import("./week-figures"));

type WeekRow = RouterOutputs["report"]["weeks"][number];

function Recipients({ week, admin }: { week: WeekRow; admin: boolean }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const resend = useMutation(
    trpc.report.resend.mutationOptions({
      onSuccess: (_r, input) => {
        const who = week.recipients.find((r) => r.id === input.recipientId)?.name ?? "the supervisor";
        notifications.show({ color: "teal", title: "Summary sent again", message: `To ${who}` });
        void queryClient.invalidateQueries({ queryKey: trpc.report.weeks.queryKey() });
      },
      onError: (err) => notifications.show({ color: "red", title: "Not sent", message: errorMessage(err) }),
    }),
  );
  return (
    <Table fz="sm" aria-label={`Who was sent the week of ${week.week}`}>
      <Table.Thead>
        <Table.Tr>
          <Table.Th scope="col">Sent to</Table.Th>
          <Table.Th scope="col">Times sent</Table.Th>
          <Table.Th scope="col">Last sent</Table.Th>
          {admin && <Table.Th scope="col">Action</Table.Th>}
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {week.recipients.map((r) => (
          <Table.Tr key={r.id}>
            <Table.Td>{r.name}</Table.Td>
            <Table.Td>{r.sendCount}</Table.Td>
            <Table.Td>{r.lastSentAt ? formatDateTime(r.lastSentAt) : "not yet"}</Table.Td>
            {admin && (
              <Table.Td>
                <Button
                  size="xs"
                  variant="light"
                  aria-label={`Send again to ${r.name}`}
                  loading={resend.isPending && resend.variables?.recipientId === r.id}
                  onClick={() => resend.mutate({ week: week.week, recipientId: r.id })}
                >
                  Send again
                </Button>
              </Table.Td>
            )}
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}

function WeekView({ week, admin }: { week: WeekRow; admin: boolean }) {
  const trpc = useTRPC();
  const detail = useQuery(trpc.report.week.queryOptions({ week: week.week }));
  return (
    <Stack>
      <Title order={3} size="h4">
        Week of {week.week}
      </Title>
      {detail.isPending && <LoadingState label="Loading the week's figures" />}
      {detail.isError && <ErrorState error={detail.error} onRetry={() => void detail.refetch()} />}
      {detail.data && (
        <>
          <Text size="sm" c="dimmed">
            Monday to Sunday in {detail.data.figures.timeZone}; the figures as they were e-mailed.
          </Text>
          <Suspense fallback={<LoadingState label="Loading charts" />}>
            <WeekFigures figures={detail.data.figures} />
          </Suspense>
        </>
      )}
      <Recipients week={week} admin={admin} />
    </Stack>
  );
}

export function WeeklySummaryPage() {
  const { week: wanted } = useParams<{ week?: string }>();
  const trpc = useTRPC();
  const me = useQuery(trpc.auth.me.queryOptions());
  const weeks = useQuery(trpc.report.weeks.queryOptions());
  const admin = me.data?.user?.role === "ADMIN";
  if (weeks.isPending) return <LoadingState label="Loading weekly summaries" />;
  if (weeks.isError) return <ErrorState error={weeks.error} onRetry={() => void weeks.refetch()} />;
  const selected = weeks.data.find((w) => w.week === wanted) ?? weeks.data[0];
  return (
    <Stack>
      <Title order={2}>Weekly summary</Title>
      {weeks.data.length === 0 || !selected ? (
        <EmptyState title="No weekly summary yet">
          The first one is made on Monday at 08:00 (hospital time) for the week before, and e-mailed to every
          supervisor.
        </EmptyState>
      ) : (
        <Grid>
          <Grid.Col span={{ base: 12, md: 2 }}>
            <Card withBorder p="xs" component="nav" aria-label="Weeks">
              {weeks.data.map((w) => (
                <NavLink
                  key={w.week}
                  component={Link}
                  href={`/reports/weekly/${w.week}`}
                  label={`Week of ${w.week}`}
                  active={w.week === selected.week}
                  aria-current={w.week === selected.week ? "page" : undefined}
                />
              ))}
            </Card>
          </Grid.Col>
          <Grid.Col span={{ base: 12, md: 10 }}>
            <WeekView key={selected.week} week={selected} admin={admin} />
          </Grid.Col>
        </Grid>
      )}
    </Stack>
  );
}
