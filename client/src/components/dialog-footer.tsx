import { Button, Group } from "@mantine/core";
import type { ReactNode } from "react";

/**
 * The row every dialog ends with: Cancel on the left of the one action, which submits the form it
 * sits in. `extra` goes before Cancel (e.g. a copy button).
 */
export function DialogFooter(props: {
  /** Without it there is no Cancel (a dialog that must be finished, e.g. a forced password change). */
  onCancel?: () => void;
  submitLabel: string;
  loading?: boolean;
  disabled?: boolean;
  cancelLabel?: string;
  extra?: ReactNode;
}) {
  return (
    <Group justify="flex-end">
      {props.extra}
      {props.onCancel && (
        <Button variant="default" onClick={props.onCancel}>
          {props.cancelLabel ?? "Cancel"}
        </Button>
      )}
      <Button type="submit" loading={props.loading} disabled={props.disabled}>
        {props.submitLabel}
      </Button>
    </Group>
  );
}
