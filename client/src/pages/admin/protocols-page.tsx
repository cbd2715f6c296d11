import { Accordion, Alert, Badge, Group, Stack, Table, Text, Title } from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import { SeverityBadge } from "../../components/severity-badge";
import { ErrorState, LoadingState } from "../../components/states";
import { labelOf } from "../../lib/format";
import { useTRPC } from "../../lib/trpc";

export function ProtocolsPage() {
  const trpc = useTRPC();
  const protocols = useQuery({ ...trpc.admin.protocols.queryOptions(), staleTime: Number.POSITIVE_INFINITY });
  return (
    <Stack>
      <Title order={2}>Protocols</Title>
      {protocols.isPending && <LoadingState label="Loading protocols" />}
      {protocols.isError && <ErrorState error={protocols.error} onRetry={() => void protocols.refetch()} />}
      {protocols.data && (
        <>
          <Alert color="yellow" title="Demonstration content — not medical advice" role="note">
            {protocols.data[0]?.disclaimer}
          </Alert>
          <Accordion variant="separated" multiple>
            {protocols.data.map((p) => (
              <Accordion.Item key={p.id} value={p.id}>
                <Accordion.Control>
                  <Group gap="sm">
                    <Text fw={600}>{p.title}</Text>
                    <Badge variant="light">version {p.version}</Badge>
                    <Text size="sm" c="dimmed">
                      {p.questions.length} questions · {p.rules.length} rules
                    </Text>
                  </Group>
                </Accordion.Control>
                <Accordion.Panel>
                  <Stack>
                    <Table aria-label={`${p.title} questions`} fz="sm" verticalSpacing={4}>
                      <Table.Thead>
                        <Table.Tr>
                          <Table.Th>Topic</Table.Th>
                          <Table.Th>English</Table.Th>
                          <Table.Th>Spanish</Table.Th>
                        </Table.Tr>
                      </Table.Thead>
                      <Table.Tbody>
                        {p.questions.map((q) => (
                          <Table.Tr key={q.topic}>
                            <Table.Td>{labelOf(q.topic)}</Table.Td>
                            <Table.Td>{q.text.en}</Table.Td>
                            <Table.Td lang="es">{q.text.es}</Table.Td>
                          </Table.Tr>
                        ))}
                      </Table.Tbody>
                    </Table>
                    <Table aria-label={`${p.title} rules`} fz="sm" verticalSpacing={4}>
                      <Table.Thead>
                        <Table.Tr>
                          <Table.Th>Rule</Table.Th>
                          <Table.Th>When</Table.Th>
                          <Table.Th>Severity</Table.Th>
                          <Table.Th>Reason</Table.Th>
                          <Table.Th>Action</Table.Th>
                        </Table.Tr>
                      </Table.Thead>
                      <Table.Tbody>
                        {p.rules.map((r) => (
                          <Table.Tr key={r.id}>
                            <Table.Td ff="monospace">
                              {r.id} v{r.version}
                            </Table.Td>
                            <Table.Td>{r.description}</Table.Td>
                            <Table.Td>
                              <SeverityBadge severity={r.severity} />
                            </Table.Td>
                            <Table.Td>{labelOf(r.reasonCode)}</Table.Td>
                            <Table.Td>{r.action}</Table.Td>
                          </Table.Tr>
                        ))}
                      </Table.Tbody>
                    </Table>
                  </Stack>
                </Accordion.Panel>
              </Accordion.Item>
            ))}
          </Accordion>
        </>
      )}
    </Stack>
  );
}
