import { Stack, Tabs, Title } from "@mantine/core";
import { CsvImport } from "./csv-import";
import { IntakeForm } from "./intake-form";

export function IntakePage() {
  return (
    <Stack>
      <Title order={2}>Discharge intake</Title>
      <Tabs defaultValue="form" keepMounted={false}>
        <Tabs.List>
          <Tabs.Tab value="form">One patient</Tabs.Tab>
          <Tabs.Tab value="csv">CSV upload</Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="form" pt="md">
          <IntakeForm />
        </Tabs.Panel>
        <Tabs.Panel value="csv" pt="md">
          <CsvImport />
        </Tabs.Panel>
      </Tabs>
    </Stack>
  );
}
