import { AsyncLocalStorage } from "node:async_hooks";
import { randomUUID } from "node:crypto";

// The request a log line belongs to, carried through every await of that request, so support can
// find a caller's lines from the id we returned in `X-Request-Id` (and in the error body).
const store = new AsyncLocalStorage<{ requestId: string }>();

// A proxy's id is kept when it looks like one (no spaces, no PHI-sized free text).
const INCOMING_ID = /^[A-Za-z0-9._:-]{8,64}$/;

export function requestIdFrom(header: string | string[] | undefined): string {
  const given = Array.isArray(header) ? header[0] : header;
  return given && INCOMING_ID.test(given) ? given : randomUUID();
}

export function runWithRequestId<T>(requestId: string, fn: () => T): T {
  return store.run({ requestId }, fn);
}

export function currentRequestId(): string | undefined {
  return store.getStore()?.requestId;
}
