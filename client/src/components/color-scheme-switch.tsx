import { Text, UnstyledButton, useMantineColorScheme } from "@mantine/core";

const LABELS = { auto: "System", light: "Light", dark: "Dark" } as const;
const NEXT = { auto: "light", light: "dark", dark: "auto" } as const;

/**
 * Light, dark (night shifts) or whatever the system says, in turn at each press (a plain button:
 * Mantine's Menu trips axe's aria-required-children). Mantine's colour-scheme manager keeps the
 * choice in localStorage, so the shared workstation remembers it per browser.
 */
export function ColorSchemeSwitch() {
  const { colorScheme, setColorScheme } = useMantineColorScheme();
  return (
    <UnstyledButton
      fz="sm"
      px={4}
      aria-label={`Colour scheme: ${LABELS[colorScheme]} (press for ${LABELS[NEXT[colorScheme]]})`}
      onClick={() => setColorScheme(NEXT[colorScheme])}
    >
      <span aria-hidden="true">{colorScheme === "dark" ? "☾" : colorScheme === "light" ? "☀" : "◐"}</span>
      <Text component="span" size="sm" visibleFrom="md" ml={4}>
        {LABELS[colorScheme]}
      </Text>
    </UnstyledButton>
  );
}
