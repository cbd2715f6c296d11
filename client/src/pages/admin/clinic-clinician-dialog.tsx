import { Alert, Checkbox, Group, Modal, Stack, Switch, TextInput } from "@mantine/core";
import { useForm } from "@mantine/form";
import { notifications } from "@mantine/notifications";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { DialogFooter } from "../../components/dialog-footer";
import { errorMessage, useTRPC } from "../../lib/trpc";
import type { Clinician } from "./clinics-page";

type Lang = Clinician["languages"][number];

export function ClinicianDialog(props: {
  clinicId: string;
  clinician: Clinician | null;
  onClose: () => void;
}) {
  const { clinician, onClose } = props;
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const form = useForm({
    initialValues: {
      name: clinician?.name ?? "",
      languages: (clinician?.languages ?? ["EN"]) as Lang[],
      visitTypes: clinician?.visitTypes.join(", ") ?? "FOLLOW_UP",
      active: clinician?.active ?? true,
    },
    validate: { languages: (v) => (v.length ? null : "Pick at least one language") },
  });
  const done = (title: string) => {
    notifications.show({ color: "teal", title, message: form.values.name });
    void queryClient.invalidateQueries({ queryKey: trpc.visit.clinics.list.queryKey() });
    onClose();
  };
  const create = useMutation(
    trpc.visit.clinicians.create.mutationOptions({ onSuccess: () => done("Clinician added") }),
  );
  const update = useMutation(
    trpc.visit.clinicians.update.mutationOptions({ onSuccess: () => done("Saved") }),
  );
  const error = create.error ?? update.error;
  const submit = form.onSubmit((values) => {
    const data = { ...values, visitTypes: values.visitTypes.split(/[\s,]+/).filter(Boolean) };
    if (clinician) update.mutate({ id: clinician.id, data });
    else create.mutate({ ...data, clinicId: props.clinicId });
  });
  return (
    <Modal opened onClose={onClose} title={clinician ? `Edit ${clinician.name}` : "Add clinician"}>
      <form onSubmit={submit}>
        <Stack>
          <TextInput label="Name" required data-autofocus {...form.getInputProps("name")} />
          <Checkbox.Group label="Languages" required {...form.getInputProps("languages")}>
            <Group mt={4}>
              <Checkbox value="EN" label="English" />
              <Checkbox value="ES" label="Spanish" />
            </Group>
          </Checkbox.Group>
          <TextInput
            label="Visit types"
            description="Comma-separated"
            {...form.getInputProps("visitTypes")}
          />
          {clinician && <Switch label="Active" {...form.getInputProps("active", { type: "checkbox" })} />}
          {error && (
            <Alert color="red" role="alert">
              {errorMessage(error)}
            </Alert>
          )}
          <DialogFooter
            onCancel={onClose}
            submitLabel={clinician ? "Save" : "Add"}
            loading={create.isPending || update.isPending}
          />
        </Stack>
      </form>
    </Modal>
  );
}
