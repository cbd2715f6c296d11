import { Text, type TextProps } from "@mantine/core";
import { countdown } from "../lib/time";

/**
 * The live SLA clock shown in the queue, on the board and on a task: "1h 05m", or "−12m 30s" once
 * breached. Breached is told three ways, never by colour alone: the minus sign, the word in the
 * accessible name ("Breached by …") and the red. A timer role carries the name (a bare <p> may not).
 */
export function SlaCountdown({ due, now, ...text }: { due: Date; now: Date } & TextProps) {
  const d = countdown(due, now);
  return (
    <Text
      component="span"
      role="timer"
      ff="monospace"
      fw={600}
      c={d.overdue ? "red" : undefined}
      aria-label={d.overdue ? `Breached by ${d.text.slice(1)}` : `Due in ${d.text}`}
      {...text}
    >
      {d.text}
    </Text>
  );
}
