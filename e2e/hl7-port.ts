// The e2e server's HL7 MLLP listener port: E2E_HL7_PORT, else the app's port + 20000, so runs side
// by side (each with its own E2E_PORT) never share the demo's default 2575.
export const e2eHl7Port = (): number =>
  Number(process.env.E2E_HL7_PORT ?? Number(process.env.E2E_PORT ?? 4317) + 20_000);

// The e2e server's FHIR sender token (FHIR_HTTP_TOKENS=e2e:<this>), for discharges POSTed to /fhir/r4.
export const E2E_FHIR_TOKEN = "e2e-fhir-sender-token-0123456789";
