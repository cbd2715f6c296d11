// The product's domain words, shared by the server, the SPA, e2e and scripts. Pure TypeScript and zod:
// nothing here may import Prisma, Node built-ins or React (see README.md). Browser code imports the
// zod-free list modules directly; schemas.ts and queue-filter.ts are the only ones that load zod.
export * from "./escalation.js";
export * from "./medications.js";
export * from "./protocols.js";
export * from "./queue-filter.js";
export * from "./reason-codes.js";
export * from "./schemas.js";
export * from "./severity.js";
export * from "./sla-policy.js";
export * from "./tcm.js";
