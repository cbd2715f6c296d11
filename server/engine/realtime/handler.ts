import type { CreateRealtimeHandler } from "./types.js";

// Placeholder so the core can wire the route now; the Electric shape implementation replaces it.
export const createRealtimeHandler: CreateRealtimeHandler = () => async (req, res) => {
  if (!req.url?.startsWith("/realtime/v1/")) return false;
  res.writeHead(501, { "content-type": "application/json" });
  res.end(JSON.stringify({ error: "realtime not implemented yet" }));
  return true;
};
