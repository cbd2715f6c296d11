import { Anchor, Badge, Button, Card, Group, Stack, Table, Text, TextInput, Title } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { useMutation, useQuery } from "@tanstack/react-query";
import { format } from "date-fns";
import { useState } from "react";
import { Link } from "wouter";
import { EmptyState, ErrorState, LoadingState } from "../../components/states";
import type { EpisodeTcm } from "../../lib/api-types";
import { formatDateTime } from "../../lib/format";
import { errorMessage, useTRPC } from "../../lib/trpc";
import { contactText, mdmText, visitText } from "./tcm-text";

/** The supervisor's TCM view: what is at risk now, and what can be billed for a month. */
export function TcmPage() {
  return (
    <Stack>
      <Title order={2}>Transitional care (TCM)</Title>
      <AtRisk />
      <Qualifying />
    </Stack>
  );
}

function riskText(e: EpisodeTcm): string {
  return e.tcm.risks
    .map((r) =>
      r.kind === "CONTACT"
        ? `contact: ${e.tcm.contact.hoursLeft} h left`
        : `visit: ${e.tcm.visit.daysLeft} days left`,
    )
    .join(", ");
}

function AtRisk() {
  const trpc = useTRPC();
  // Live: the change stream re-queries this at once; the interval keeps "hours left" moving.
  const q = useQuery({ ...trpc.tcm.listAtRisk.queryOptions({ limit: 500 }), refetchInterval: 60_000 });
  return (
    <Card withBorder component="section" aria-label="At risk">
      <Stack gap="sm">
        <Group justify="space-between">
          <Title order={3} size="h4">
            At risk
          </Title>
          {q.data && <Badge variant="light">{q.data.total} episodes</Badge>}
        </Group>
        {q.isPending ? (
          <LoadingState label="Loading episodes at risk" />
        ) : q.isError && !q.data ? (
          <ErrorState error={q.error} onRetry={() => void q.refetch()} />
        ) : q.data.episodes.length === 0 ? (
          <EmptyState title="Nothing at risk">
            Every followed episode has its contact made and its visit booked.
          </EmptyState>
        ) : (
          <Table striped aria-label="Episodes at risk, nearest deadline first">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Patient</Table.Th>
                <Table.Th>MRN</Table.Th>
                <Table.Th>Discharged</Table.Th>
                <Table.Th>At risk</Table.Th>
                <Table.Th>Next deadline</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {q.data.episodes.map((e) => (
                <Table.Tr key={e.episodeId}>
                  <Table.Td>
                    <Anchor component={Link} href={`/patients/${e.patientId}`}>
                      {e.patientName}
                    </Anchor>
                  </Table.Td>
                  <Table.Td>{e.mrn}</Table.Td>
                  <Table.Td>{formatDateTime(e.dischargedAt)}</Table.Td>
                  <Table.Td>{riskText(e)}</Table.Td>
                  <Table.Td>{e.tcm.nextDeadline ? formatDateTime(e.tcm.nextDeadline) : ""}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
      </Stack>
    </Card>
  );
}

function download(filename: string, csv: string) {
  const url = URL.createObjectURL(new Blob([csv], { type: "text/csv;charset=utf-8" }));
  const a = document.createElement("a");
  a.href = url;
  a.download = filename;
  a.click();
  URL.revokeObjectURL(url);
}

function Qualifying() {
  const trpc = useTRPC();
  const [month, setMonth] = useState(() => format(new Date(), "yyyy-MM"));
  const valid = /^\d{4}-(0[1-9]|1[0-2])$/.test(month);
  const q = useQuery({ ...trpc.tcm.listQualifying.queryOptions({ month }), enabled: valid });
  const exportCsv = useMutation(
    trpc.tcm.exportCsv.mutationOptions({
      onSuccess: (r) => {
        download(r.filename, r.csv);
        notifications.show({
          color: "teal",
          title: "Exported",
          message: `${r.rows} episodes in ${r.filename}`,
        });
      },
      onError: (err) =>
        notifications.show({ color: "red", title: "Export failed", message: errorMessage(err) }),
    }),
  );
  return (
    <Card withBorder component="section" aria-label="Qualifying episodes">
      <Stack gap="sm">
        <Group justify="space-between" align="flex-end">
          <Title order={3} size="h4">
            Qualifying episodes
          </Title>
          <Group align="flex-end">
            <TextInput
              label="Month of the visit"
              type="month"
              value={month}
              onChange={(e) => setMonth(e.currentTarget.value)}
              error={valid ? undefined : "Pick a month"}
            />
            <Button
              variant="light"
              disabled={!valid || !q.data?.length}
              loading={exportCsv.isPending}
              onClick={() => exportCsv.mutate({ month })}
            >
              Export CSV
            </Button>
          </Group>
        </Group>
        {!valid ? null : q.isPending ? (
          <LoadingState label="Loading qualifying episodes" />
        ) : q.isError ? (
          <ErrorState error={q.error} onRetry={() => void q.refetch()} />
        ) : q.data.length === 0 ? (
          <EmptyState title="No qualifying episodes this month">
            An episode qualifies once its contact, visit, medication reconciliation and MDM level are
            documented in time.
          </EmptyState>
        ) : (
          <Table striped aria-label="Qualifying episodes">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>MRN</Table.Th>
                <Table.Th>Discharged</Table.Th>
                <Table.Th>Contact</Table.Th>
                <Table.Th>Visit</Table.Th>
                <Table.Th>MDM</Table.Th>
                <Table.Th>Code</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {q.data.map((e) => (
                <Table.Tr key={e.episodeId}>
                  <Table.Td>
                    <Anchor component={Link} href={`/patients/${e.patientId}`}>
                      {e.mrn}
                    </Anchor>
                  </Table.Td>
                  <Table.Td>{formatDateTime(e.dischargedAt)}</Table.Td>
                  <Table.Td>{contactText(e.tcm.contact)}</Table.Td>
                  <Table.Td>{visitText(e.tcm.visit)}</Table.Td>
                  <Table.Td>{mdmText(e.tcm.mdmLevel)}</Table.Td>
                  <Table.Td>
                    <Text fw={600}>{e.tcm.code}</Text>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
      </Stack>
    </Card>
  );
}
