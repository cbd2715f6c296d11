import { queue } from "@trigger.dev/sdk";

// One place for queue and retry settings, shared by every Sequora task.
export const careQueue = queue({ name: "care", concurrencyLimit: 50 });
export const escalationQueue = queue({ name: "escalation", concurrencyLimit: 20 });

export const standardRetry = {
  maxAttempts: 5,
  minTimeoutInMs: 1_000,
  maxTimeoutInMs: 60_000,
  factor: 2,
  randomize: true,
};

/** How long a patient has to answer one question, and after the reminder. */
export const REPLY_WINDOW = "2h";
export const REMINDER_WINDOW = "2h";
