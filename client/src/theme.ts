import { createTheme } from "@mantine/core";

// Calm, high-contrast palette: teal for the product, red reserved for breached SLAs.
export const theme = createTheme({
  primaryColor: "teal",
  primaryShade: 8,
  fontFamily: "system-ui, -apple-system, Segoe UI, Roboto, sans-serif",
  defaultRadius: "md",
});
