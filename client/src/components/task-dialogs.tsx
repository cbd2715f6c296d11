import { Checkbox, Modal, Select, Stack, Textarea } from "@mantine/core";
import { useForm } from "@mantine/form";
import { notifications } from "@mantine/notifications";
import { useMutation, useQuery } from "@tanstack/react-query";
import { DISPOSITIONS, type Disposition } from "../lib/api-types";
import { errorMessage, useTRPC } from "../lib/trpc";
import { DialogFooter } from "./dialog-footer";
import { useTaskInvalidation } from "./task-invalidation";

export { useTaskInvalidation } from "./task-invalidation";
export { useClaim } from "./use-claim";

interface DialogProps {
  taskId: string | null;
  onClose: () => void;
}

export function ReleaseDialog({ taskId, onClose }: DialogProps) {
  const trpc = useTRPC();
  const invalidate = useTaskInvalidation();
  const form = useForm({ initialValues: { reason: "" } });
  const release = useMutation(
    trpc.task.release.mutationOptions({
      onSuccess: (_d, v) => {
        notifications.show({ color: "teal", title: "Released", message: "Back in the unassigned pool." });
        form.reset();
        void invalidate(v.id);
        onClose();
      },
    }),
  );
  return (
    <Modal opened={taskId !== null} onClose={onClose} title="Release task">
      <form
        onSubmit={form.onSubmit((v) => {
          if (taskId) release.mutate({ id: taskId, ...v });
        })}
      >
        <Stack>
          <Textarea
            label="Reason for releasing"
            description="Required: the next nurse sees it on the task's history."
            required
            minLength={3}
            autosize
            minRows={2}
            data-autofocus
            {...form.getInputProps("reason")}
            error={release.isError ? errorMessage(release.error) : undefined}
          />
          <DialogFooter
            onCancel={onClose}
            submitLabel="Release"
            loading={release.isPending}
            disabled={form.values.reason.trim().length < 3}
          />
        </Stack>
      </form>
    </Modal>
  );
}

export function ReassignDialog({ taskIds, onClose }: { taskIds: string[] | null; onClose: () => void }) {
  const trpc = useTRPC();
  const invalidate = useTaskInvalidation();
  const form = useForm<{ to: string | null }>({ initialValues: { to: null } });
  const staff = useQuery({ ...trpc.task.assignees.queryOptions(), enabled: taskIds !== null });
  const reassign = useMutation(
    trpc.task.reassign.mutationOptions({
      onSuccess: (results) => {
        const failed = results.filter((r) => !r.ok);
        notifications.show({
          color: failed.length ? "orange" : "teal",
          title: failed.length ? `${failed.length} of ${results.length} not reassigned` : "Reassigned",
          message: failed.map((f) => (f.ok ? "" : f.error)).join("; ") || "The new assignee was notified.",
        });
        void invalidate(taskIds?.[0]);
        onClose();
      },
    }),
  );
  return (
    <Modal opened={taskIds !== null} onClose={onClose} title="Reassign task">
      <form
        onSubmit={form.onSubmit(({ to }) => {
          if (taskIds && to) reassign.mutate({ ids: taskIds, toUserId: to });
        })}
      >
        <Stack>
          <Select
            label="Reassign to"
            placeholder={staff.isPending ? "Loading staff…" : "Pick a nurse"}
            searchable
            required
            data-autofocus
            data={(staff.data ?? []).map((s) => ({
              value: s.id,
              label: `${s.name} (${s.languages.join("/")}, ${s.openTasks}/${s.capacity} open)`,
            }))}
            {...form.getInputProps("to")}
            error={
              staff.isError
                ? errorMessage(staff.error)
                : reassign.isError
                  ? errorMessage(reassign.error)
                  : undefined
            }
          />
          <DialogFooter
            onCancel={onClose}
            submitLabel="Reassign"
            loading={reassign.isPending}
            disabled={!form.values.to}
          />
        </Stack>
      </form>
    </Modal>
  );
}

export function NoteDialog({ taskId, onClose }: DialogProps) {
  const trpc = useTRPC();
  const invalidate = useTaskInvalidation();
  const form = useForm({ initialValues: { text: "", contact: false } });
  const addNote = useMutation(
    trpc.task.addNote.mutationOptions({
      onSuccess: (_d, v) => {
        notifications.show({
          color: "teal",
          title: "Note added",
          message: v.contact ? "Contact documented: the SLA clock has stopped." : "Saved to the task.",
        });
        form.reset();
        void invalidate(v.id);
        onClose();
      },
    }),
  );
  return (
    <Modal opened={taskId !== null} onClose={onClose} title="Add note">
      <form
        onSubmit={form.onSubmit((v) => {
          if (taskId) addNote.mutate({ id: taskId, ...v });
        })}
      >
        <Stack>
          <Textarea
            label="Note"
            required
            autosize
            minRows={3}
            data-autofocus
            {...form.getInputProps("text")}
            error={addNote.isError ? errorMessage(addNote.error) : undefined}
          />
          <Checkbox
            label="Documented contact with the patient (stops the SLA clock)"
            {...form.getInputProps("contact", { type: "checkbox" })}
          />
          <DialogFooter
            onCancel={onClose}
            submitLabel="Save note"
            loading={addNote.isPending}
            disabled={!form.values.text.trim()}
          />
        </Stack>
      </form>
    </Modal>
  );
}

export function ResolveDialog({ taskId, onClose }: DialogProps) {
  const trpc = useTRPC();
  const invalidate = useTaskInvalidation();
  const form = useForm<{ disposition: Disposition | null; note: string }>({
    initialValues: { disposition: null, note: "" },
  });
  const resolve = useMutation(
    trpc.task.resolve.mutationOptions({
      onSuccess: (_d, v) => {
        notifications.show({ color: "teal", title: "Resolved", message: "The task is closed." });
        form.reset();
        void invalidate(v.id);
        onClose();
      },
    }),
  );
  const submit = form.onSubmit(({ disposition, note }) => {
    if (taskId && disposition) resolve.mutate({ id: taskId, disposition, ...(note.trim() ? { note } : {}) });
  });
  return (
    <Modal opened={taskId !== null} onClose={onClose} title="Resolve task">
      <form onSubmit={submit}>
        <Stack>
          <Select
            label="Disposition"
            placeholder="What was the outcome?"
            required
            data-autofocus
            data={DISPOSITIONS.map((d) => ({ value: d.value, label: d.label }))}
            {...form.getInputProps("disposition")}
          />
          <Textarea
            label="Closing note (optional)"
            autosize
            minRows={2}
            {...form.getInputProps("note")}
            error={resolve.isError ? errorMessage(resolve.error) : undefined}
          />
          <DialogFooter
            onCancel={onClose}
            submitLabel="Resolve"
            loading={resolve.isPending}
            disabled={!form.values.disposition}
          />
        </Stack>
      </form>
    </Modal>
  );
}
