export { createRealtimeAuthorizer, scopesAllow } from "./auth.js";
export { createRealtimeHandler } from "./handler.js";
export { createMemoryRunSource, type MemoryRunSource } from "./memory-run-source.js";
export type * from "./types.js";
