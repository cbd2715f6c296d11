import { createServer, type RequestListener } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { serveFetchInProcess } from "./http/in-process.js";

// An executor thread's SDK calls to its own API go through the router in-process (no socket);
// anything else keeps the real fetch.
const seen: string[] = [];
const router: RequestListener = (req, res) => {
  let body = "";
  req.on("data", (c) => (body += c));
  req.on("end", () => {
    seen.push(`${req.method} ${req.url} ${req.headers.authorization ?? "-"} ${body}`);
    if (req.url === "/gone") {
      res.writeHead(204);
      res.end();
      return;
    }
    res.writeHead(req.url === "/missing" ? 404 : 200, {
      "content-type": "application/json",
      "x-trigger-jwt": "jwt-1",
    });
    res.end(JSON.stringify({ echo: body ? JSON.parse(body) : null }));
  });
};

let restore: (() => void) | undefined;
afterEach(() => {
  restore?.();
  seen.length = 0;
});

describe("in-process fetch for an engine's own API", () => {
  it("hands method, path, headers and JSON body to the router and returns its answer", async () => {
    restore = serveFetchInProcess("http://127.0.0.1:1", router);
    const res = await fetch("http://127.0.0.1:1/api/v1/tasks/x/trigger?q=1", {
      method: "POST",
      headers: { Authorization: "Bearer tr_dev_k", "Content-Type": "application/json" },
      body: JSON.stringify({ payload: { n: 1 } }),
    });
    expect(res.status).toBe(200);
    expect(res.headers.get("x-trigger-jwt")).toBe("jwt-1");
    expect(await res.json()).toEqual({ echo: { payload: { n: 1 } } });
    expect(seen).toEqual(['POST /api/v1/tasks/x/trigger?q=1 Bearer tr_dev_k {"payload":{"n":1}}']);
    expect((await fetch("http://127.0.0.1:1/missing")).status).toBe(404);
    const empty = await fetch("http://127.0.0.1:1/gone", { method: "DELETE" });
    expect([empty.status, await empty.text()]).toEqual([204, ""]);
  });

  it("answers with a real Response whose body reads, clones and is used up like a fetched one", async () => {
    restore = serveFetchInProcess("http://127.0.0.1:1", router);
    const post = () => fetch("http://127.0.0.1:1/api/x", { method: "POST", body: JSON.stringify({ n: 2 }) });
    const res = await post();
    expect(res).toBeInstanceOf(Response);
    expect([res.ok, res.status, res.bodyUsed]).toEqual([true, 200, false]);
    // The SDK parses a clone, then may read the original (an error's text).
    expect(await res.clone().json()).toEqual({ echo: { n: 2 } });
    expect(res.bodyUsed).toBe(false);
    expect(await res.text()).toBe('{"echo":{"n":2}}');
    expect(res.bodyUsed).toBe(true);
    await expect(res.json()).rejects.toThrow(TypeError);
    expect(() => res.clone()).toThrow(TypeError);
    expect(new TextDecoder().decode(await (await post()).arrayBuffer())).toBe('{"echo":{"n":2}}');
    expect(await (await (await post()).blob()).text()).toBe('{"echo":{"n":2}}');
    // Reading through the stream works too, and uses the body up.
    const streamed = await post();
    const reader = streamed.body?.getReader();
    let text = "";
    for (let r = await reader?.read(); r && !r.done; r = await reader?.read())
      text += new TextDecoder().decode(r.value);
    expect(text).toBe('{"echo":{"n":2}}');
    expect(streamed.bodyUsed).toBe(true);
    await expect(streamed.text()).rejects.toThrow(TypeError);
    const empty = await fetch("http://127.0.0.1:1/gone", { method: "DELETE" });
    expect([empty.body, empty.bodyUsed, await empty.text()]).toEqual([null, false, ""]);
  });

  it("leaves other origins, realtime paths and streamed bodies on the real fetch", async () => {
    const real = createServer((req, res) => res.end(`real ${req.url}`));
    await new Promise<void>((r) => real.listen(0, "127.0.0.1", r));
    const port = (real.address() as AddressInfo).port;
    try {
      // The engine's origin is the real server's: only the in-process paths skip its socket.
      restore = serveFetchInProcess(`http://127.0.0.1:${port}`, router);
      expect(await (await fetch(`http://127.0.0.1:${port}/realtime/v1/runs/r`)).text()).toBe(
        "real /realtime/v1/runs/r",
      );
      const stream = new ReadableStream({
        start: (c) => {
          c.enqueue(new TextEncoder().encode("{}"));
          c.close();
        },
      });
      const streamed = await fetch(`http://127.0.0.1:${port}/api/v3/batches/b/items`, {
        method: "POST",
        body: stream,
        duplex: "half",
      } as RequestInit);
      expect(await streamed.text()).toBe("real /api/v3/batches/b/items");
      expect(await (await fetch(`http://127.0.0.1:${port}/api/v1/x`)).json()).toEqual({ echo: null });
      expect(seen).toEqual(["GET /api/v1/x - "]);
      restore();
      expect(await (await fetch(`http://127.0.0.1:${port}/api/v1/x`)).text()).toBe("real /api/v1/x");
    } finally {
      real.close();
    }
  });

  it("with a claims predicate, leaves the host's own paths on the same origin to its server", async () => {
    const real = createServer((req, res) => res.end(`host ${req.method} ${req.url}`));
    await new Promise<void>((r) => real.listen(0, "127.0.0.1", r));
    const origin = `http://127.0.0.1:${(real.address() as AddressInfo).port}`;
    try {
      restore = serveFetchInProcess(
        origin,
        router,
        (method, path) => method === "POST" && path === "/api/v1/mine",
      );
      expect(await (await fetch(`${origin}/api/v1/mine?x=1`, { method: "post", body: "{}" })).json()).toEqual(
        {
          echo: {},
        },
      );
      expect(await (await fetch(`${origin}/api/v1/mine`)).text()).toBe("host GET /api/v1/mine");
      expect(
        await (await fetch(`${origin}/api/trpc/queue.list`, { method: "POST", body: "{}" })).text(),
      ).toBe("host POST /api/trpc/queue.list");
      expect(seen).toEqual(["POST /api/v1/mine?x=1 - {}"]);
    } finally {
      real.close();
    }
  });

  it("routes nothing in-process once restored, even under a wrapper installed after it", async () => {
    const real = createServer((req, res) => res.end(`real ${req.url}`));
    await new Promise<void>((r) => real.listen(0, "127.0.0.1", r));
    const origin = `http://127.0.0.1:${(real.address() as AddressInfo).port}`;
    try {
      const first = serveFetchInProcess(origin, router);
      // A second engine in the same process wraps the first one's fetch.
      restore = serveFetchInProcess("http://127.0.0.1:1", router);
      first();
      expect(await (await fetch(`${origin}/api/v1/x`)).text()).toBe("real /api/v1/x");
      expect(seen).toEqual([]);
    } finally {
      real.close();
    }
  });

  it("gives a route a readable request and the ServerResponse members it uses, as a socket would", async () => {
    const events: string[] = [];
    restore = serveFetchInProcess("http://127.0.0.1:1", async (req, res) => {
      if (req.url === "/missing") {
        res.writeHead(404);
        res.end();
        return;
      }
      let body = "";
      for await (const chunk of req) body += chunk;
      res.on("finish", () => events.push("finish"));
      res.setHeader("X-One", "1");
      res.setHeader("x-many", ["a", "b"]);
      expect([res.getHeader("x-one"), res.hasHeader("X-MANY"), res.headersSent]).toEqual(["1", true, false]);
      res.writeHead(201, "Made", { "content-type": "text/plain" });
      // Too late for headers, as on a socket.
      expect(() => res.setHeader("x-late", "1")).toThrow(/after the head was sent/);
      res.write(`${req.method} ${req.url} ${req.headers.host} ${req.headers["content-length"]} `);
      res.end(body);
      res.end("ignored");
    });
    const res = await fetch("http://127.0.0.1:1/api/v1/made?a=1", { method: "put", body: "héllo" });
    expect([res.status, res.statusText, res.headers.get("x-one"), res.headers.get("x-many")]).toEqual([
      201,
      "Made",
      "1",
      "a, b",
    ]);
    expect(await res.text()).toBe("PUT /api/v1/made?a=1 127.0.0.1:1 6 héllo");
    expect(events).toEqual(["finish"]);
    // The standard reason phrase when the route gives none.
    expect((await fetch("http://127.0.0.1:1/missing")).statusText).toBe("Not Found");
  });

  it("rejects the fetch when the route throws before answering", async () => {
    restore = serveFetchInProcess("http://127.0.0.1:1", async () => {
      throw new Error("route broke");
    });
    await expect(fetch("http://127.0.0.1:1/api/v1/x")).rejects.toThrow("route broke");
  });
});
