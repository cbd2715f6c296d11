import { randomBytes } from "node:crypto";
import { z } from "zod";

export const MIN_PASSWORD_LENGTH = 12;

// NIST SP 800-63B: length over composition rules, and refuse passwords known to be public. The
// demo password is published in the README, so it is never acceptable for a real account.
const KNOWN_PUBLIC = new Set([
  "sequora-demo",
  "password1234",
  "password12345",
  "passwordpassword",
  "123456789012",
  "qwertyuiopas",
  "changeme1234",
  "letmein12345",
]);

/** The one rule for a new password, shared by the change form, the admin reset and the CLI. */
export const newPasswordSchema = z
  .string()
  .min(MIN_PASSWORD_LENGTH, `At least ${MIN_PASSWORD_LENGTH} characters`)
  .max(200, "At most 200 characters")
  .refine((p) => new Set(p).size >= 5, "Use at least 5 different characters")
  .refine((p) => !KNOWN_PUBLIC.has(p.toLowerCase()), "This password is publicly known; choose another");

/**
 * A temporary password shown once (admin reset, first admin): 20 base64url characters from 15
 * random bytes (120 bits), well past any guessing, and it must be changed at first sign-in.
 */
export function temporaryPassword(): string {
  return randomBytes(15).toString("base64url");
}
