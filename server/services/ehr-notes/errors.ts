/** The attempt may succeed later (5xx, timeout, a dropped connection, AE/AR): retry with backoff. */
export class RetryableNoteError extends Error {
  override name = "RetryableNoteError";
}

/** Retrying cannot help (the EHR refused the document itself, a bad key): fail at once. */
export class PermanentNoteError extends Error {
  override name = "PermanentNoteError";
}
