import { envvars, logger, task } from "@trigger.dev/sdk";

/** Returns its payload: the output shows which trigger's data a debounced run kept. */
export const echo = task({
  id: "compat.echo",
  run: async (payload: { v: string }) => ({ v: payload.v }),
});

/** Inherits the project's `ttl: "1h"` from trigger.config.ts. */
export const projectTtl = task({
  id: "compat.project-ttl",
  run: async () => ({ ran: true }),
});

/** Its own TTL overrides the project's. */
export const shortTtl = task({
  id: "compat.short-ttl",
  ttl: "30s",
  run: async () => ({ ran: true }),
});

/** `envvars.retrieve` inside a run: the project and environment come from the run's context. */
export const readEnv = task({
  id: "compat.read-env",
  run: async (payload: { name: string }) => {
    const found = await envvars.retrieve(payload.name);
    return { value: found.value, isSecret: found.isSecret };
  },
});

/** Writes a few `logger.*` lines and one `logger.trace` span (the console shows them with the run). */
export const chatty = task({
  id: "compat.chatty",
  run: async (payload: { n: number }) => {
    logger.info("starting", { n: payload.n });
    await logger.trace("work", async (span) => {
      span.setAttribute("n", payload.n);
    });
    logger.warn("finished");
    return { n: payload.n };
  },
});
