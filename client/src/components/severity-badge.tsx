import { Badge } from "@mantine/core";

export { reasonLabel } from "../lib/reason-label";

const COLORS = { EMERGENT: "red", URGENT: "orange", ROUTINE: "blue", NONE: "gray" } as const;

export function SeverityBadge({ severity }: { severity: keyof typeof COLORS }) {
  return (
    <Badge color={COLORS[severity]} variant={severity === "EMERGENT" ? "filled" : "light"}>
      {severity.toLowerCase()}
    </Badge>
  );
}
