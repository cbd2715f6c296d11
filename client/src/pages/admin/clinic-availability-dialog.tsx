import {
  Alert,
  Button,
  Checkbox,
  Fieldset,
  Group,
  Modal,
  NumberInput,
  Stack,
  TextInput,
} from "@mantine/core";
import { useForm } from "@mantine/form";
import { notifications } from "@mantine/notifications";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { DialogFooter } from "../../components/dialog-footer";
import { errorMessage, useTRPC } from "../../lib/trpc";
import { splitDates } from "./clinic-dialog";
import type { Clinician } from "./clinics-page";

const DAYS = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
const hhmm = (m: number) =>
  `${String(Math.floor(m / 60)).padStart(2, "0")}:${String(m % 60).padStart(2, "0")}`;
const minutes = (t: string) => {
  const [h, m] = t.split(":").map(Number);
  return (h ?? 0) * 60 + (m ?? 0);
};

type Rule = Clinician["rules"][number];

/** "Mon–Fri 09:00–12:00, 30 min + 10 min buffer" for the clinicians table. */
export function describeRule(r: Omit<Rule, "id">): string {
  const days = [...r.weekdays]
    .sort((a, b) => a - b)
    .map((d) => DAYS[d])
    .join(" ");
  const buffer = r.bufferMinutes ? ` + ${r.bufferMinutes} min buffer` : "";
  return `${days} ${hhmm(r.startMinute)}–${hhmm(r.endMinute)}, ${r.slotMinutes} min${buffer}`;
}

interface RuleValues {
  weekdays: string[];
  start: string;
  end: string;
  slotMinutes: number | string;
  bufferMinutes: number | string;
}

const toValues = (r: Omit<Rule, "id">): RuleValues => ({
  weekdays: r.weekdays.map(String),
  start: hhmm(r.startMinute),
  end: hhmm(r.endMinute),
  slotMinutes: r.slotMinutes,
  bufferMinutes: r.bufferMinutes,
});
const NEW_RULE = toValues({
  weekdays: [1, 2, 3, 4, 5],
  startMinute: 540,
  endMinute: 720,
  slotMinutes: 30,
  bufferMinutes: 0,
});

/** Weekly blocks and days off; saving regenerates the future free slots (held and booked stay). */
export function ClinicAvailabilityDialog({
  clinician,
  onClose,
}: {
  clinician: Clinician;
  onClose: () => void;
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const form = useForm({
    initialValues: {
      rules: clinician.rules.map(toValues),
      daysOff: clinician.exceptions.map((e) => e.date).join(", "),
    },
    validate: {
      rules: {
        weekdays: (v) => (v.length ? null : "Pick at least one day"),
        end: (v, values, path) => {
          const i = Number(path.split(".")[1]);
          return minutes(v) > minutes(values.rules[i]?.start ?? "00:00") ? null : "Must end after it starts";
        },
      },
      daysOff: (v) =>
        splitDates(v).every((d) => /^\d{4}-\d{2}-\d{2}$/.test(d)) ? null : "Use dates like 2026-12-24",
    },
  });
  const save = useMutation(
    trpc.visit.clinicians.setAvailability.mutationOptions({
      onSuccess: (r) => {
        notifications.show({
          color: "teal",
          title: "Availability saved",
          message: `${r.created} slots added, ${r.removed} removed`,
        });
        void queryClient.invalidateQueries({ queryKey: trpc.visit.clinics.list.queryKey() });
        onClose();
      },
    }),
  );
  const submit = form.onSubmit((values) =>
    save.mutate({
      clinicianId: clinician.id,
      rules: values.rules.map((r) => ({
        weekdays: r.weekdays.map(Number),
        startMinute: minutes(r.start),
        endMinute: minutes(r.end),
        slotMinutes: Number(r.slotMinutes) || 30,
        bufferMinutes: Number(r.bufferMinutes) || 0,
      })),
      exceptions: splitDates(values.daysOff).map((date) => ({ date, reason: "" })),
    }),
  );
  return (
    <Modal opened onClose={onClose} size="lg" title={`Availability of ${clinician.name}`}>
      <form onSubmit={submit}>
        <Stack>
          {form.values.rules.map((_, i) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: the form's own list order is the identity
            <Fieldset key={i} legend={`Block ${i + 1}`}>
              <Stack gap="xs">
                <Checkbox.Group label="Days" {...form.getInputProps(`rules.${i}.weekdays`)}>
                  <Group mt={4} gap="xs">
                    {DAYS.map((d, n) => (
                      <Checkbox key={d} value={String(n)} label={d} />
                    ))}
                  </Group>
                </Checkbox.Group>
                <Group grow>
                  <TextInput type="time" label="From" required {...form.getInputProps(`rules.${i}.start`)} />
                  <TextInput type="time" label="Until" required {...form.getInputProps(`rules.${i}.end`)} />
                </Group>
                <Group grow>
                  <NumberInput
                    label="Visit length (min)"
                    min={5}
                    max={240}
                    {...form.getInputProps(`rules.${i}.slotMinutes`)}
                  />
                  <NumberInput
                    label="Buffer (min)"
                    min={0}
                    max={120}
                    {...form.getInputProps(`rules.${i}.bufferMinutes`)}
                  />
                </Group>
                <Group justify="flex-end">
                  <Button
                    variant="subtle"
                    color="red"
                    size="xs"
                    onClick={() => form.removeListItem("rules", i)}
                  >
                    Remove block {i + 1}
                  </Button>
                </Group>
              </Stack>
            </Fieldset>
          ))}
          <Button variant="light" onClick={() => form.insertListItem("rules", { ...NEW_RULE })}>
            Add block
          </Button>
          <TextInput
            label="Days off"
            description="Dates with no visits, e.g. 2026-12-24, 2026-12-31"
            {...form.getInputProps("daysOff")}
          />
          {save.error && (
            <Alert color="red" role="alert">
              {errorMessage(save.error)}
            </Alert>
          )}
          <DialogFooter onCancel={onClose} submitLabel="Save availability" loading={save.isPending} />
        </Stack>
      </form>
    </Modal>
  );
}
