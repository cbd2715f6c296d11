import { createReadStream, existsSync, statSync } from "node:fs";
import type { IncomingMessage, ServerResponse } from "node:http";
import path from "node:path";

const TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".ico": "image/x-icon",
  ".json": "application/json",
  ".woff2": "font/woff2",
};

/** Serves the built SPA; unknown paths get index.html so client-side routes survive a reload. */
export function createStaticHandler(rootDir: string) {
  const root = path.resolve(rootDir);
  const index = path.join(root, "index.html");
  return async (req: IncomingMessage, res: ServerResponse): Promise<boolean> => {
    if (req.method !== "GET" && req.method !== "HEAD") return false;
    const url = new URL(req.url ?? "/", "http://local");
    let file = path.resolve(root, `.${decodeURIComponent(url.pathname)}`);
    if (!file.startsWith(root)) return false;
    if (!existsSync(file) || !statSync(file).isFile()) {
      if (!existsSync(index)) {
        res.writeHead(503, { "content-type": "text/plain" });
        res.end("The web app is not built yet: run `npm run build`.");
        return true;
      }
      file = index;
    }
    const ext = path.extname(file);
    const immutable = url.pathname.startsWith("/assets/");
    res.writeHead(200, {
      "content-type": TYPES[ext] ?? "application/octet-stream",
      "cache-control": immutable ? "public, max-age=31536000, immutable" : "no-cache",
      "x-content-type-options": "nosniff",
    });
    if (req.method === "HEAD") {
      res.end();
      return true;
    }
    createReadStream(file).pipe(res);
    return true;
  };
}
