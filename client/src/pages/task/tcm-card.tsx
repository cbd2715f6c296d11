import {
  Alert,
  Badge,
  Button,
  Card,
  Group,
  Select,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from "@mantine/core";
import { useForm } from "@mantine/form";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { isValid, parse } from "date-fns";
import { ErrorState, LoadingState } from "../../components/states";
import { type EpisodeTcm, MDM_OPTIONS, type MdmLevel } from "../../lib/api-types";
import { errorMessage, useTRPC } from "../../lib/trpc";
import { contactText, mdmText, medRecText, reasonsText, visitText } from "../tcm/tcm-text";

const LOCAL = "yyyy-MM-dd'T'HH:mm";

/** The patient's latest episode against Transitional Care Management, and what staff record for it. */
export function TcmCard({ patientId }: { patientId: string }) {
  const trpc = useTRPC();
  const q = useQuery(trpc.tcm.get.queryOptions({ patientId }));
  if (q.isPending) return <LoadingState label="Loading TCM status" />;
  if (q.isError) return <ErrorState error={q.error} onRetry={() => void q.refetch()} />;
  if (!q.data) return null;
  return <TcmStatusCard episode={q.data} />;
}

function TcmStatusCard({ episode }: { episode: EpisodeTcm }) {
  const t = episode.tcm;
  const rows: [string, string][] = [
    ["Interactive contact", contactText(t.contact)],
    ["Face-to-face visit", visitText(t.visit)],
    ["Medication reconciliation", medRecText(t.medRec)],
    ["Medical decision-making", mdmText(t.mdmLevel)],
  ];
  return (
    <Card withBorder component="section" aria-label="Transitional care (TCM)" mb="md">
      <Stack gap="sm">
        <Group justify="space-between">
          <Title order={3} size="h4">
            Transitional care (TCM)
          </Title>
          {t.code ? (
            <Badge color="teal" variant="filled">
              Billable {t.code}
            </Badge>
          ) : (
            <Badge color="gray" variant="light">
              Not billable yet
            </Badge>
          )}
        </Group>
        <Table withRowBorders={false} verticalSpacing={4} aria-label="TCM status">
          <Table.Tbody>
            {rows.map(([k, v]) => (
              <Table.Tr key={k}>
                <Table.Th scope="row" w="40%">
                  {k}
                </Table.Th>
                <Table.Td>{v}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
        {!t.code && t.reasons.length > 0 && (
          <Text size="sm" c="dimmed">
            Why not: {reasonsText(t)}
          </Text>
        )}
        <RecordForm episodeId={episode.episodeId} mdmLevel={t.mdmLevel} />
      </Stack>
    </Card>
  );
}

function RecordForm({ episodeId, mdmLevel }: { episodeId: string; mdmLevel: MdmLevel | null }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const form = useForm<{ medRecAt: string; mdmLevel: string | null }>({
    initialValues: { medRecAt: "", mdmLevel },
  });
  const record = useMutation(
    trpc.tcm.record.mutationOptions({
      onSuccess: () => {
        void queryClient.invalidateQueries({ queryKey: trpc.tcm.pathKey() });
        form.setFieldValue("medRecAt", "");
      },
    }),
  );
  // datetime-local values are wall-clock times in the viewer's zone; date-fns parses them as such.
  // No `max` from the browser's clock: the product's clock (a demo's is virtual) may be ahead of
  // it; the server refuses a time in the future by its own clock and the error shows below.
  const medRec = form.values.medRecAt ? parse(form.values.medRecAt, LOCAL, new Date()) : null;
  const level = form.values.mdmLevel as MdmLevel | null;
  const changed = medRec !== null || (level !== null && level !== mdmLevel);
  const submit = form.onSubmit(() => {
    if (medRec && !isValid(medRec)) return;
    record.mutate({
      episodeId,
      ...(medRec ? { medRecAt: medRec } : {}),
      ...(level && level !== mdmLevel ? { mdmLevel: level } : {}),
    });
  });
  return (
    <form onSubmit={submit} aria-label="Record TCM documentation">
      <Stack gap="xs">
        <Group align="flex-end" grow>
          <TextInput
            label="Medication reconciliation done at"
            type="datetime-local"
            {...form.getInputProps("medRecAt")}
          />
          <Select
            label="MDM level (from the visit)"
            placeholder="Pick a level"
            data={MDM_OPTIONS}
            {...form.getInputProps("mdmLevel")}
          />
        </Group>
        {record.isError && (
          <Alert color="red" role="alert">
            {errorMessage(record.error)}
          </Alert>
        )}
        <Group justify="flex-end">
          {/* Said in place (not a toast): the status above changes at the same moment. */}
          <Text size="sm" role="status">
            {record.isSuccess && !changed ? "Recorded." : ""}
          </Text>
          <Button type="submit" size="sm" disabled={!changed} loading={record.isPending}>
            Record
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
