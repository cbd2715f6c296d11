import { QueryClient } from "@tanstack/react-query";
import { createTRPCClient, httpBatchLink, TRPCClientError } from "@trpc/client";
import { createTRPCContext } from "@trpc/tanstack-react-query";
import superjson from "superjson";
import type { AppRouter } from "../../../server/routers/app-router";

export const { TRPCProvider, useTRPC } = createTRPCContext<AppRouter>();

export function makeQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: {
        staleTime: 5_000,
        // Auth and permission errors will not fix themselves; everything else gets one retry.
        retry: (count, err) =>
          !(err instanceof TRPCClientError && [401, 403, 404].includes(err.data?.httpStatus)) && count < 1,
        refetchOnReconnect: true,
        refetchOnWindowFocus: true,
      },
    },
  });
}

export function makeTrpcClient() {
  return createTRPCClient<AppRouter>({
    links: [
      httpBatchLink({
        url: "/trpc",
        transformer: superjson,
        // The server refuses batches of more than 20 calls (MAX_BATCH_SIZE).
        maxItems: 20,
        // Required by the server on every POST: a cross-site form cannot set it (CSRF defence).
        headers: () => ({ "x-sequora-csrf": "1" }),
      }),
    ],
  });
}

export function errorMessage(err: unknown): string {
  if (err instanceof TRPCClientError) return err.message;
  if (err instanceof Error) return err.message;
  return "Something went wrong";
}
