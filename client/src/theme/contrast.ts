/** WCAG 2.x colour arithmetic for the theme: relative luminance, contrast ratio, nudging a colour. */

type Rgb = [number, number, number];

function parse(hex: string): Rgb {
  const h = hex.replace("#", "");
  const full = h.length === 3 ? [...h].map((c) => c + c).join("") : h;
  return [0, 2, 4].map((i) => Number.parseInt(full.slice(i, i + 2), 16)) as Rgb;
}

function toHex([r, g, b]: Rgb): string {
  return `#${[r, g, b].map((v) => Math.round(v).toString(16).padStart(2, "0")).join("")}`;
}

export function luminance(hex: string): number {
  const [r, g, b] = parse(hex).map((v) => {
    const c = v / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  }) as Rgb;
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

export function contrast(a: string, b: string): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (hi + 0.05) / (lo + 0.05);
}

/** `hex` mixed towards `target` by `t` (0..1). */
export function mix(hex: string, target: string, t: number): string {
  const a = parse(hex);
  const b = parse(target);
  return toHex(a.map((v, i) => v + ((b[i] as number) - v) * t) as Rgb);
}

/**
 * The colour nearest to `hex` (same hue, darker or lighter: `towards`) that reads at `ratio` or
 * better on every one of `backgrounds`. Unchanged when it already does.
 */
export function readable(
  hex: string,
  backgrounds: string[],
  towards: "#000000" | "#ffffff",
  ratio = 4.6,
): string {
  for (let t = 0; t <= 1; t += 0.02) {
    const c = mix(hex, towards, t);
    if (backgrounds.every((bg) => contrast(c, bg) >= ratio)) return c;
  }
  return towards;
}
