import { Badge } from "@mantine/core";

export { reasonLabel } from "../lib/reason-label";

// Severity is told by the word, a mark and the fill as well as the hue (colour-blind readers).
const LOOK = {
  EMERGENT: { color: "red", variant: "filled", mark: "‼" },
  URGENT: { color: "orange", variant: "light", mark: "!" },
  ROUTINE: { color: "blue", variant: "light", mark: "" },
  NONE: { color: "gray", variant: "outline", mark: "" },
} as const;

export function SeverityBadge({ severity }: { severity: keyof typeof LOOK }) {
  const look = LOOK[severity];
  return (
    <Badge
      color={look.color}
      variant={look.variant}
      leftSection={look.mark ? <span aria-hidden="true">{look.mark}</span> : undefined}
    >
      {severity.toLowerCase()}
    </Badge>
  );
}
