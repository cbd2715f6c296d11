import { type CSSVariablesResolver, createTheme, DEFAULT_THEME } from "@mantine/core";
import { mix, readable } from "./contrast";

// Calm, high-contrast palette: teal for the product, red reserved for breached SLAs.
export const theme = createTheme({
  primaryColor: "teal",
  primaryShade: { light: 8, dark: 8 },
  fontFamily: "system-ui, -apple-system, Segoe UI, Roboto, sans-serif",
  defaultRadius: "md",
  // Visible focus on every control, mouse or keyboard (the default shows it for the keyboard only,
  // which is what we want): a thick ring in the scheme's own readable primary colour.
  focusRing: "auto",
  components: {
    Modal: { defaultProps: { closeButtonProps: { "aria-label": "Close dialog" } } },
    Drawer: { defaultProps: { closeButtonProps: { "aria-label": "Close" } } },
  },
});

const WHITE = "#ffffff";
const BLACK = "#000000";
const { colors } = DEFAULT_THEME;
const shade = 8;
/** Where text sits in each scheme: the body, cards and the light grey panels. */
const SELECTED_LIGHT = colors.teal[0];
const SELECTED_DARK = mix(colors.teal[9], BLACK, 0.6);
const LIGHT_SURFACES = [WHITE, colors.gray[0], colors.gray[1], SELECTED_LIGHT];
const DARK_SURFACES = [colors.dark[7], colors.dark[6], colors.dark[8], colors.dark[5], SELECTED_DARK];

/**
 * Mantine's default palette reads below WCAG AA in many places (grey dimmed text 3.3:1, teal
 * links 3.9:1, the orange "urgent" label on its light badge 3.6:1). Rather than fixing elements one
 * by one, every colour's text-bearing variables (filled backgrounds under white text, light and
 * outline variants, plain coloured text) are nudged, per scheme, to the nearest shade that reads at
 * 4.6:1 on the surfaces it is drawn on. Hues stay; only lightness moves.
 */
function colorVariables(scheme: "light" | "dark"): Record<string, string> {
  const vars: Record<string, string> = {};
  for (const [name, c] of Object.entries(colors)) {
    if (name === "dark") continue;
    const filled = readable(c[shade] as string, [WHITE], BLACK);
    vars[`--mantine-color-${name}-filled`] = filled;
    vars[`--mantine-color-${name}-filled-hover`] = mix(filled, BLACK, 0.12);
    if (scheme === "light") {
      const text = readable(c[shade] as string, LIGHT_SURFACES, BLACK);
      vars[`--mantine-color-${name}-light-color`] = readable(
        c[9] as string,
        [c[1] as string, c[2] as string, ...LIGHT_SURFACES],
        BLACK,
      );
      vars[`--mantine-color-${name}-outline`] = text;
      vars[`--mantine-color-${name}-text`] = text;
    } else {
      const lightBg = mix(c[9] as string, BLACK, 0.5);
      vars[`--mantine-color-${name}-light`] = lightBg;
      vars[`--mantine-color-${name}-light-hover`] = mix(c[9] as string, BLACK, 0.3);
      vars[`--mantine-color-${name}-light-color`] = readable(
        c[0] as string,
        [lightBg, mix(c[9] as string, BLACK, 0.3)],
        WHITE,
      );
      const text = readable(c[4] as string, DARK_SURFACES, WHITE);
      vars[`--mantine-color-${name}-outline`] = text;
      vars[`--mantine-color-${name}-text`] = text;
    }
  }
  return vars;
}

export const cssVariablesResolver: CSSVariablesResolver = () => {
  const light = colorVariables("light");
  const dark = colorVariables("dark");
  return {
    variables: {},
    light: {
      ...light,
      "--mantine-color-dimmed": readable(colors.gray[6], LIGHT_SURFACES, BLACK),
      "--mantine-color-placeholder": readable(colors.gray[5], LIGHT_SURFACES, BLACK),
      "--mantine-color-anchor": light["--mantine-color-teal-text"] as string,
      "--mantine-color-error": light["--mantine-color-red-text"] as string,
      "--mantine-color-success": light["--mantine-color-teal-text"] as string,
      "--sequora-surface-muted": colors.gray[0],
      "--sequora-row-selected": SELECTED_LIGHT,
    },
    dark: {
      ...dark,
      "--mantine-color-dimmed": readable(colors.dark[2], DARK_SURFACES, WHITE),
      "--mantine-color-placeholder": readable(colors.dark[3], DARK_SURFACES, WHITE),
      "--mantine-color-anchor": dark["--mantine-color-teal-text"] as string,
      "--mantine-color-error": dark["--mantine-color-red-text"] as string,
      "--mantine-color-success": dark["--mantine-color-teal-text"] as string,
      "--sequora-surface-muted": colors.dark[8],
      "--sequora-row-selected": SELECTED_DARK,
    },
  };
};
