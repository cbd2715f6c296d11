// The `route` label: a fixed template per entry point, never the raw path (ids, tokens and
// procedure inputs would make unbounded series and could carry identifiers).
const EXACT = new Set([
  "/healthz",
  "/metrics",
  "/events",
  "/webhooks/twilio/sms",
  "/webhooks/twilio/status",
  "/hl7/v2",
]);
const PREFIXES: [string, string][] = [
  ["/trpc/", "/trpc/:procedure"],
  ["/api/", "/api/*"],
  ["/realtime/", "/realtime/*"],
  ["/engine/", "/engine/*"],
  ["/assets/", "/assets/*"],
];

export function routeTemplate(pathname: string): string {
  if (EXACT.has(pathname)) return pathname;
  for (const [prefix, label] of PREFIXES) if (pathname.startsWith(prefix)) return label;
  return "/*";
}
