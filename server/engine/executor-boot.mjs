// Entry of an engine executor thread (core/executors.ts): task files and the engine are TypeScript,
// so the thread loads them through tsx, as `npm run engine` / `npm start` do for the main thread.
import { workerData } from "node:worker_threads";
import { register } from "tsx/esm/api";

register();
await import(workerData.entry);
