import { Menu, Text, UnstyledButton, useMantineColorScheme } from "@mantine/core";

const LABELS = { auto: "System", light: "Light", dark: "Dark" } as const;

/**
 * Light, dark (night shifts) or whatever the system says; Mantine's colour-scheme manager keeps
 * the choice in localStorage so the shared workstation remembers it per browser.
 */
export function ColorSchemeSwitch() {
  const { colorScheme, setColorScheme } = useMantineColorScheme();
  return (
    <Menu position="bottom-end">
      <Menu.Target>
        <UnstyledButton fz="sm" px={4} aria-label={`Colour scheme: ${LABELS[colorScheme]}`}>
          <span aria-hidden="true">{colorScheme === "dark" ? "☾" : colorScheme === "light" ? "☀" : "◐"}</span>
          <Text component="span" size="sm" visibleFrom="md" ml={4}>
            {LABELS[colorScheme]}
          </Text>
        </UnstyledButton>
      </Menu.Target>
      <Menu.Dropdown>
        <Menu.Label>Colour scheme</Menu.Label>
        {(Object.keys(LABELS) as (keyof typeof LABELS)[]).map((s) => (
          // Mantine's items are plain menuitems (aria-checked is not allowed there): the current
          // choice is said in words and marked with a tick.
          <Menu.Item
            key={s}
            onClick={() => setColorScheme(s)}
            leftSection={<span aria-hidden="true">{colorScheme === s ? "✓" : ""}</span>}
          >
            {LABELS[s]}
            {s === "auto" ? " (follows the system)" : ""}
            {colorScheme === s ? " (current)" : ""}
          </Menu.Item>
        ))}
      </Menu.Dropdown>
    </Menu>
  );
}
