import { Alert, Modal, Select, Stack, Text, Textarea, TextInput } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { DialogFooter } from "../../components/dialog-footer";
import { formatDateTime } from "../../lib/format";
import { errorMessage, useTRPC } from "../../lib/trpc";
import type { Clinician } from "./clinics-page";

const STATUS_WORDS: Record<string, string> = {
  FREE: "free",
  HELD: "requested",
  BOOKED: "booked",
  CANCELED: "cancelled",
};

/**
 * "Cancel appointments on this day": the clinic cancels a clinician's day (or one time on it). Every
 * patient booked or waiting on it is texted an apology and new times; those texts cannot reach get
 * a nurse task. The reason is kept with the slots, never texted.
 */
export function ClinicCancelDialog(props: { clinician: Clinician; onClose: () => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [date, setDate] = useState("");
  const [slotId, setSlotId] = useState<string | null>(null);
  const [reason, setReason] = useState("");
  const validDate = /^\d{4}-\d{2}-\d{2}$/.test(date);
  const day = useQuery({
    ...trpc.visit.day.queryOptions({ clinicianId: props.clinician.id, date }),
    enabled: validDate,
  });
  // Times already past (on the product's clock) are not cancelled: not listed, not counted.
  const open = (day.data ?? []).filter((s) => s.status !== "CANCELED" && !s.past);
  const pastCount = (day.data ?? []).filter((s) => s.status !== "CANCELED" && s.past).length;
  const affected = open.filter((s) => s.status === "BOOKED" || s.status === "HELD").length;
  const cancel = useMutation(
    trpc.visit.cancelTimes.mutationOptions({
      onSuccess: (r) => {
        notifications.show({
          color: "teal",
          title: "Cancelled",
          message: `${r.slots} times cancelled; ${r.texted} patients texted new times, ${r.tasks} left to a nurse.`,
        });
        void queryClient.invalidateQueries({ queryKey: trpc.visit.clinics.list.queryKey() });
        void queryClient.invalidateQueries({ queryKey: trpc.visit.day.queryKey() });
        props.onClose();
      },
    }),
  );
  return (
    <Modal opened onClose={props.onClose} title={`Cancel appointments: ${props.clinician.name}`}>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          cancel.mutate({
            clinicianId: props.clinician.id,
            reason,
            ...(slotId ? { slotId } : { date }),
          });
        }}
      >
        <Stack>
          <TextInput
            label="Day"
            description="The clinic's local date, like 2026-12-24"
            placeholder="YYYY-MM-DD"
            value={date}
            onChange={(e) => {
              setDate(e.currentTarget.value.trim());
              setSlotId(null);
            }}
            required
            error={date && !validDate ? "Use a date like 2026-12-24" : undefined}
          />
          {day.isError && <Alert color="red">{errorMessage(day.error)}</Alert>}
          {validDate && day.isSuccess && (
            <Text size="sm" aria-live="polite">
              {open.length === 0
                ? "No times left to cancel on this day."
                : `${open.length} times on this day, ${affected} with a patient booked or waiting.`}
              {pastCount > 0 &&
                ` ${pastCount} earlier ${pastCount === 1 ? "time has" : "times have"} passed.`}
            </Text>
          )}
          {open.length > 0 && (
            <Select
              label="Only this time (optional)"
              placeholder="The whole day"
              clearable
              data={open.map((s) => ({
                value: s.id,
                label: `${formatDateTime(s.startsAt)} (${STATUS_WORDS[s.status] ?? s.status})`,
              }))}
              value={slotId}
              onChange={setSlotId}
            />
          )}
          <Textarea
            label="Reason"
            description="Kept for the record; patients get an apology, not the reason"
            value={reason}
            onChange={(e) => setReason(e.currentTarget.value)}
            required
            minLength={2}
            maxLength={300}
          />
          {cancel.error && <div role="alert">{errorMessage(cancel.error)}</div>}
          <DialogFooter
            onCancel={props.onClose}
            cancelLabel="Keep appointments"
            submitLabel="Cancel appointments on this day"
            loading={cancel.isPending}
            disabled={!validDate || reason.trim().length < 2}
          />
        </Stack>
      </form>
    </Modal>
  );
}
