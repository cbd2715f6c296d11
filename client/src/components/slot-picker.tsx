import { Select } from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import { formatDateTime } from "../lib/format";
import { useTRPC } from "../lib/trpc";

/** Free clinic slots for the next two weeks (server clock), soonest first (optionally one spoken language). */
export function SlotPicker(props: {
  label: string;
  value: string | null;
  onChange: (slotId: string | null) => void;
  language?: "EN" | "ES";
  exclude?: string[];
}) {
  const trpc = useTRPC();
  const slots = useQuery(
    trpc.visit.slots.queryOptions({
      limit: 100,
      ...(props.language ? { language: props.language } : {}),
    }),
  );
  const data = (slots.data ?? [])
    .filter((s) => !props.exclude?.includes(s.id))
    .map((s) => ({
      value: s.id,
      label: `${formatDateTime(s.startsAt)} · ${s.clinician.name} · ${s.clinic.name}`,
    }));
  return (
    <Select
      label={props.label}
      placeholder={slots.isPending ? "Loading free times" : "Pick a free time"}
      data={data}
      searchable
      value={props.value}
      onChange={props.onChange}
      nothingFoundMessage="No free times"
    />
  );
}
