import type { IncomingMessage, ServerResponse } from "node:http";
import type { EngineCore } from "../core/core.js";
import type { Caller } from "./auth.js";

export interface RouteContext {
  core: EngineCore;
  req: IncomingMessage;
  res: ServerResponse;
  params: string[];
  url: URL;
  caller: Caller;
  /** The engine's own secret key (signs the public tokens it hands out). */
  secretKey: string;
  /** Aborts an attempt executing in this process (cancel). */
  cancelLocal(runInternalId: string): void;
}

export interface Route {
  method: "GET" | "POST" | "PUT" | "DELETE";
  pattern: RegExp;
  /** Authenticated by something in the URL itself (token callback), not by a bearer key. */
  public?: boolean;
  handler(ctx: RouteContext): Promise<void>;
}
