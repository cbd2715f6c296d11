import { createHmac } from "node:crypto";

/** E.164 or null. Twilio always sends E.164; the simulator may pass a typed US number. */
export function normalizePhone(raw: string): string | null {
  const compact = raw.trim().replace(/[\s().-]/g, "");
  if (/^\+[1-9]\d{6,14}$/.test(compact)) return compact;
  if (/^1?\d{10}$/.test(compact)) return `+1${compact.slice(-10)}`;
  return null;
}

// A plain hash of a phone number is reversible by brute force (10^10 candidates), so the log
// reference is keyed: correlatable across our own log lines, useless to someone who only has logs.
export function phoneLogRef(phone: string, key: string): string {
  return createHmac("sha256", key).update(phone).digest("hex").slice(0, 16);
}
