import { Box, Table, Text, Title } from "@mantine/core";
import type { ReactNode } from "react";

export interface DataTable {
  caption: string;
  head: string[];
  rows: (string | number)[][];
}

/**
 * A chart with its text alternatives: a one-line description (also the chart's accessible name)
 * and the numbers behind it as a table a screen reader or a keyboard user can open.
 */
export function TrendFigure(props: {
  id: string;
  title: string;
  description: string;
  table: DataTable;
  children: ReactNode;
}) {
  return (
    <Box component="figure" m={0} aria-labelledby={`${props.id}-title`} data-testid={`trend-${props.id}`}>
      <Title order={4} size="h6" id={`${props.id}-title`}>
        {props.title}
      </Title>
      <Text size="xs" c="dimmed" mb={4}>
        {props.description}
      </Text>
      {props.children}
      <details>
        <summary>
          <Text component="span" size="xs">
            {props.title}: data table
          </Text>
        </summary>
        <Table fz="xs" withTableBorder striped captionSide="top">
          <Table.Caption>{props.table.caption}</Table.Caption>
          <Table.Thead>
            <Table.Tr>
              {props.table.head.map((h) => (
                <Table.Th key={h} scope="col">
                  {h}
                </Table.Th>
              ))}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {props.table.rows.map((r) => (
              <Table.Tr key={r.join("|")}>
                {r.map((cell, i) => (
                  // biome-ignore lint/suspicious/noArrayIndexKey: cells of a fixed-width row
                  <Table.Td key={i}>{cell}</Table.Td>
                ))}
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </details>
    </Box>
  );
}
