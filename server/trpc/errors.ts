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

export function toTRPCError(err: unknown): TRPCError | undefined {
  const cause = err instanceof TRPCError ? err.cause : err;
  if (cause instanceof AppError) {
    return new TRPCError({ code: CODE_MAP[cause.code], message: cause.message, cause });
  }
  return undefined;
}
