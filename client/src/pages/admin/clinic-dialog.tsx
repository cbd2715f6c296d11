import { Alert, Modal, Stack, Switch, Textarea, TextInput } from "@mantine/core";
import { useForm } from "@mantine/form";
import { notifications } from "@mantine/notifications";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { DialogFooter } from "../../components/dialog-footer";
import { errorMessage, useTRPC } from "../../lib/trpc";
import type { Clinic } from "./clinics-page";

/** How much of the preparation notes a text carries at most (server/sms/templates.ts). */
const PREP_CHARS = 120;

/** Dates typed as "2026-12-24, 2026-12-25" (commas, spaces or new lines between them). */
export const splitDates = (text: string) => text.split(/[\s,]+/).filter(Boolean);

export function ClinicDialog({ clinic, onClose }: { clinic: Clinic | null; onClose: () => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const form = useForm({
    initialValues: {
      name: clinic?.name ?? "",
      address: clinic?.address ?? "",
      phone: clinic?.phone ?? "",
      parkingNotes: clinic?.parkingNotes ?? "",
      buildingNotes: clinic?.buildingNotes ?? "",
      prepNotes: clinic?.prepNotes ?? "",
      timeZone: clinic?.timeZone ?? "America/New_York",
      holidays: clinic?.holidays.join(", ") ?? "",
      active: clinic?.active ?? true,
    },
    validate: {
      holidays: (v) =>
        splitDates(v).every((d) => /^\d{4}-\d{2}-\d{2}$/.test(d)) ? null : "Use dates like 2026-12-25",
    },
  });
  const done = (title: string) => {
    notifications.show({ color: "teal", title, message: form.values.name });
    void queryClient.invalidateQueries({ queryKey: trpc.visit.clinics.list.queryKey() });
    onClose();
  };
  const create = useMutation(
    trpc.visit.clinics.create.mutationOptions({ onSuccess: () => done("Clinic added") }),
  );
  const update = useMutation(trpc.visit.clinics.update.mutationOptions({ onSuccess: () => done("Saved") }));
  const error = create.error ?? update.error;
  const submit = form.onSubmit((values) => {
    const data = { ...values, holidays: splitDates(values.holidays) };
    if (clinic) update.mutate({ id: clinic.id, data });
    else create.mutate(data);
  });
  return (
    <Modal opened onClose={onClose} title={clinic ? `Edit ${clinic.name}` : "Add clinic"}>
      <form onSubmit={submit}>
        <Stack>
          <TextInput label="Name" required data-autofocus {...form.getInputProps("name")} />
          <TextInput label="Address" required {...form.getInputProps("address")} />
          <TextInput label="Phone" required {...form.getInputProps("phone")} />
          <TextInput
            label="Time zone"
            description="IANA name, e.g. America/Chicago"
            required
            {...form.getInputProps("timeZone")}
          />
          <Textarea label="Parking notes" autosize minRows={2} {...form.getInputProps("parkingNotes")} />
          <Textarea label="Building notes" autosize minRows={2} {...form.getInputProps("buildingNotes")} />
          <Textarea
            label="Preparation notes"
            description={`Texted with the confirmation and the day-before reminder: the first ${PREP_CHARS} characters, fewer when the clinic's address and clinician's name are long. Left empty: "Bring all your medicines and your discharge papers."`}
            autosize
            minRows={2}
            maxLength={500}
            {...form.getInputProps("prepNotes")}
          />
          <TextInput
            label="Holidays"
            description="Dates with no visits, e.g. 2026-12-25, 2027-01-01"
            {...form.getInputProps("holidays")}
          />
          {clinic && <Switch label="Active" {...form.getInputProps("active", { type: "checkbox" })} />}
          {error && (
            <Alert color="red" role="alert">
              {errorMessage(error)}
            </Alert>
          )}
          <DialogFooter
            onCancel={onClose}
            submitLabel={clinic ? "Save" : "Add"}
            loading={create.isPending || update.isPending}
          />
        </Stack>
      </form>
    </Modal>
  );
}
