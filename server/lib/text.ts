/** `s` cut to at most `n` characters, ending in an ellipsis when it was longer. */
export const clip = (s: string, n: number): string => (s.length > n ? `${s.slice(0, n - 1).trimEnd()}…` : s);
