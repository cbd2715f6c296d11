/**
 * Only the reply text, the question and the protocol go to the model, and the reply is scrubbed first:
 * phone numbers, e-mail addresses and any name the caller knows (the patient's, the caregiver's) are
 * replaced. Clinical numbers (weights, temperatures, sugars, option numbers) are short and stay.
 */
export function redactReply(reply: string, names: readonly string[] = []): string {
  let s = reply
    .replace(/[\w.+-]+@[\w-]+(\.[\w-]+)+/g, "[email]")
    // Ten or more digits in one run is a phone number; a list of readings ("120 135 150") is not.
    .replace(/\+?\d[\d\s().-]{7,}\d/g, (m) => (m.replace(/\D/g, "").length >= 10 ? "[phone]" : m));
  for (const n of names) {
    const name = n.trim();
    if (name.length < 2) continue;
    s = s.replace(new RegExp(`\\b${name.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}\\b`, "giu"), "[name]");
  }
  return s;
}
