// Public surface of the embedded run engine; everything else in this folder is internal.
export type { Engine, EngineOptions } from "./engine.js";
export { createEngine } from "./engine.js";
