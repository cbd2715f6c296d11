import { ApiError } from "@trigger.dev/sdk";
import { TRPCError } from "@trpc/server";
import type { TRPC_ERROR_CODE_KEY } from "@trpc/server/rpc";
import { AppError, type AppErrorCode } from "../lib/errors.js";

const CODE_MAP: Record<AppErrorCode, TRPC_ERROR_CODE_KEY> = {
  NOT_FOUND: "NOT_FOUND",
  CONFLICT: "CONFLICT",
  FORBIDDEN: "FORBIDDEN",
  UNAUTHORIZED: "UNAUTHORIZED",
  INVALID_INPUT: "BAD_REQUEST",
  PRECONDITION_FAILED: "PRECONDITION_FAILED",
  RATE_LIMITED: "TOO_MANY_REQUESTS",
};

// Prisma's codes for "the row you named is not there / clashes": a caller naming an unknown id
// or a taken key is a 4xx, never a 500. Anything else from Prisma is our bug and stays a 500.
const PRISMA_CODES: Record<string, { code: TRPC_ERROR_CODE_KEY; message: string }> = {
  P2025: { code: "NOT_FOUND", message: "Not found" },
  P2003: { code: "NOT_FOUND", message: "A record this refers to does not exist" },
  P2002: { code: "CONFLICT", message: "That already exists" },
};

function prismaCode(err: unknown): string | undefined {
  const e = err as { name?: unknown; code?: unknown } | null;
  return e?.name === "PrismaClientKnownRequestError" && typeof e.code === "string" ? e.code : undefined;
}

export function toTRPCError(err: unknown): TRPCError | undefined {
  const cause = err instanceof TRPCError ? err.cause : err;
  if (cause instanceof AppError) {
    return new TRPCError({ code: CODE_MAP[cause.code], message: cause.message, cause });
  }
  const prisma = PRISMA_CODES[prismaCode(cause) ?? ""];
  if (prisma) return new TRPCError({ code: prisma.code, message: prisma.message });
  // The run engine (embedded or Trigger.dev) refusing a run id we passed on, e.g. an unknown run.
  if (cause instanceof ApiError && cause.status === 404) {
    return new TRPCError({ code: "NOT_FOUND", message: "Run not found" });
  }
  if (cause instanceof ApiError && cause.status !== undefined && cause.status >= 400 && cause.status < 500) {
    return new TRPCError({ code: "BAD_REQUEST", message: "The run engine refused this request" });
  }
  return undefined;
}
