import { Alert, Badge, Button, FileInput, Group, Stack, Table, Text, Textarea } from "@mantine/core";
import { useMutation } from "@tanstack/react-query";
import { useState } from "react";
import { errorMessage, useTRPC } from "../../lib/trpc";

const HEADER =
  "firstName,lastName,mrn,phone,preferredLanguage,timeZone,protocol,dischargedAt,highRiskMedClasses";

/** Nothing is saved until the preview has been seen; only rows without errors are imported. */
export function CsvImport() {
  const trpc = useTRPC();
  const [csv, setCsv] = useState("");
  const preview = useMutation(trpc.episode.previewCsv.mutationOptions());
  const importCsv = useMutation(trpc.episode.importCsv.mutationOptions());
  const rows = preview.data?.rows ?? [];
  const good = rows.filter((r) => r.ok).length;
  const changed = (text: string) => {
    setCsv(text);
    preview.reset();
    importCsv.reset();
  };
  return (
    <Stack maw={960}>
      <Text size="sm" c="dimmed">
        One patient per line with a header row: <code>{HEADER}</code>. Medicine classes separated by “;”.
      </Text>
      <FileInput
        label="CSV file"
        accept=".csv,text/csv"
        placeholder="Choose a file"
        clearable
        onChange={(file) => {
          if (file) void file.text().then(changed);
          else changed("");
        }}
      />
      <Textarea
        label="CSV content"
        autosize
        minRows={4}
        maxRows={12}
        ff="monospace"
        value={csv}
        onChange={(e) => changed(e.currentTarget.value)}
      />
      <Group>
        <Button onClick={() => preview.mutate({ csv })} disabled={!csv.trim()} loading={preview.isPending}>
          Preview
        </Button>
        <Button
          color="teal"
          onClick={() => importCsv.mutate({ csv })}
          disabled={!preview.data || good === 0 || importCsv.isSuccess}
          loading={importCsv.isPending}
        >
          Import {good} valid {good === 1 ? "row" : "rows"}
        </Button>
      </Group>
      {(preview.isError || importCsv.isError) && (
        <Alert color="red" role="alert" title="Could not process the file">
          {errorMessage(preview.error ?? importCsv.error)}
        </Alert>
      )}
      {importCsv.data && (
        <Alert color="teal" role="status" title="Imported">
          {importCsv.data.created} patients enrolled.
        </Alert>
      )}
      {preview.data && (
        <Table aria-label="CSV preview" fz="sm" verticalSpacing={4} striped>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Line</Table.Th>
              <Table.Th>Patient</Table.Th>
              <Table.Th>Protocol</Table.Th>
              <Table.Th>Result</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {rows.map((r) => (
              <Table.Tr key={r.line}>
                <Table.Td>{r.line}</Table.Td>
                <Table.Td>
                  {r.ok ? `${r.value.firstName} ${r.value.lastName} (${r.value.mrn})` : "—"}
                </Table.Td>
                <Table.Td>{r.ok ? r.value.protocol : "—"}</Table.Td>
                <Table.Td>
                  {r.ok ? (
                    <Badge color="teal" variant="light">
                      ready
                    </Badge>
                  ) : (
                    <Text size="sm" c="red">
                      {r.errors.join("; ")}
                    </Text>
                  )}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </Stack>
  );
}
