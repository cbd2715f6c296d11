import { Alert, Button, Group, MultiSelect, Select, SimpleGrid, Stack, TextInput } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { useMutation, useQuery } from "@tanstack/react-query";
import { format, isValid, parse } from "date-fns";
import { type FormEvent, useEffect, useState } from "react";
import { Link } from "wouter";
import { MED_CLASSES, PROTOCOLS, type ProtocolId } from "../../lib/api-types";
import { useServerOffset } from "../../lib/time";
import { errorMessage, useTRPC } from "../../lib/trpc";

type MedClass = "DIURETIC" | "ANTICOAGULANT" | "INSULIN";
const LOCAL = "yyyy-MM-dd'T'HH:mm";
export const TIME_ZONES = [
  "America/New_York",
  "America/Chicago",
  "America/Denver",
  "America/Phoenix",
  "America/Los_Angeles",
  "America/Anchorage",
  "Pacific/Honolulu",
  "America/Puerto_Rico",
];

const EMPTY = {
  firstName: "",
  lastName: "",
  mrn: "",
  phone: "",
  preferredLanguage: "EN" as "EN" | "ES",
  timeZone: Intl.DateTimeFormat().resolvedOptions().timeZone,
  protocol: "GENERAL" as ProtocolId,
  dischargedAt: format(new Date(), LOCAL),
  hospitalName: "",
  highRiskMedClasses: [] as MedClass[],
};

export function IntakeForm() {
  const trpc = useTRPC();
  const [form, setForm] = useState(EMPTY);
  const [dischargeTouched, setDischargeTouched] = useState(false);
  const set = (patch: Partial<typeof EMPTY>) => setForm((f) => ({ ...f, ...patch }));
  // "Now" for a discharge is the server's time: in a demo the clock may have been moved ahead.
  const system = useQuery(trpc.auth.system.queryOptions());
  const offset = useServerOffset(system.data?.serverNow);
  useEffect(() => {
    if (!dischargeTouched)
      setForm((f) => ({ ...f, dischargedAt: format(new Date(Date.now() + offset), LOCAL) }));
  }, [offset, dischargeTouched]);
  const create = useMutation(
    trpc.episode.create.mutationOptions({
      onSuccess: () => {
        notifications.show({ color: "teal", title: "Enrolled", message: "The welcome text is on its way." });
        setForm(EMPTY);
        setDischargeTouched(false);
      },
    }),
  );
  const discharged = parse(form.dischargedAt, LOCAL, new Date());
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!isValid(discharged)) return;
    const { hospitalName, ...rest } = form;
    create.mutate({
      ...rest,
      phone: form.phone.trim(),
      dischargedAt: discharged,
      ...(hospitalName.trim() ? { hospitalName: hospitalName.trim() } : {}),
    });
  };
  const zones = TIME_ZONES.includes(form.timeZone) ? TIME_ZONES : [form.timeZone, ...TIME_ZONES];
  return (
    <Stack component="form" onSubmit={submit} maw={720} aria-label="Enroll one patient">
      <SimpleGrid cols={{ base: 1, sm: 2 }}>
        <TextInput
          label="First name"
          required
          value={form.firstName}
          onChange={(e) => set({ firstName: e.currentTarget.value })}
        />
        <TextInput
          label="Last name"
          required
          value={form.lastName}
          onChange={(e) => set({ lastName: e.currentTarget.value })}
        />
        <TextInput
          label="MRN"
          required
          value={form.mrn}
          onChange={(e) => set({ mrn: e.currentTarget.value })}
        />
        <TextInput
          label="Mobile phone"
          description="International format, e.g. +12025550123"
          required
          pattern="^\+[1-9]\d{7,14}$"
          value={form.phone}
          onChange={(e) => set({ phone: e.currentTarget.value })}
        />
        <Select
          label="Preferred language"
          allowDeselect={false}
          data={[
            { value: "EN", label: "English" },
            { value: "ES", label: "Spanish" },
          ]}
          value={form.preferredLanguage}
          onChange={(v) => v && set({ preferredLanguage: v as "EN" | "ES" })}
        />
        <Select
          label="Time zone"
          allowDeselect={false}
          searchable
          data={zones}
          value={form.timeZone}
          onChange={(v) => v && set({ timeZone: v })}
        />
        <Select
          label="Protocol"
          allowDeselect={false}
          data={PROTOCOLS.map((p) => ({ value: p.value, label: p.label }))}
          value={form.protocol}
          onChange={(v) => v && set({ protocol: v as ProtocolId })}
        />
        <TextInput
          label="Discharged at"
          type="datetime-local"
          required
          value={form.dischargedAt}
          onChange={(e) => {
            setDischargeTouched(true);
            set({ dischargedAt: e.currentTarget.value });
          }}
        />
        <TextInput
          label="Hospital (optional)"
          value={form.hospitalName}
          onChange={(e) => set({ hospitalName: e.currentTarget.value })}
        />
        <MultiSelect
          label="High-risk medicines"
          description="Stopping one of these is urgent"
          data={MED_CLASSES}
          value={form.highRiskMedClasses}
          onChange={(v) => set({ highRiskMedClasses: v as MedClass[] })}
        />
      </SimpleGrid>
      {create.isError && (
        <Alert color="red" role="alert" title="Not enrolled">
          {errorMessage(create.error)}
        </Alert>
      )}
      {create.data && (
        <Alert color="teal" role="status" title="Patient enrolled">
          <Link href={`/patients/${create.data.patientId}`}>Open the patient's timeline</Link>
        </Alert>
      )}
      <Group>
        <Button type="submit" loading={create.isPending}>
          Enroll patient
        </Button>
      </Group>
    </Stack>
  );
}
