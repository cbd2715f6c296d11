// Entry of an engine executor thread (core/executors.ts). The engine and the task files are
// TypeScript: the thread loads them from the engine's bundle of them (core/executor-bundle.ts) as
// plain JavaScript, or, when there is no bundle, through tsx as the engine thread does.
import { workerData } from "node:worker_threads";

if (workerData.tsx) {
  const { register } = await import("tsx/esm/api");
  register();
} else process.setSourceMapsEnabled(true);
await import(workerData.entry);
