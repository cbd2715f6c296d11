import { Badge } from "@mantine/core";

const COLORS = { EMERGENT: "red", URGENT: "orange", ROUTINE: "blue", NONE: "gray" } as const;

export function SeverityBadge({ severity }: { severity: keyof typeof COLORS }) {
  return (
    <Badge color={COLORS[severity]} variant={severity === "EMERGENT" ? "filled" : "light"}>
      {severity.toLowerCase()}
    </Badge>
  );
}

export function reasonLabel(code: string): string {
  return code
    .toLowerCase()
    .split("_")
    .map((w, i) => (i === 0 ? w.charAt(0).toUpperCase() + w.slice(1) : w))
    .join(" ");
}
