import type { RequestListener } from "node:http";
import inject from "light-my-request";

// The SDK calls the engine's HTTP API with the global `fetch`. When the caller lives in the same
// thread as the engine that serves it (an executor thread's attempts call their own thread; in the
// engine's own thread, attempts run there and the host app's or a script's triggers), the
// request need not cross a socket: this hands it to the engine's router as a fake request
// (light-my-request), with the same method, path, headers and JSON body, and turns the answer
// into a WHATWG Response. The wire format is unchanged; only loopback TCP, undici and the HTTP
// parser are skipped (they were most of an in-thread SDK call's cost). Realtime (long polls,
// server-sent events) and streamed bodies need a real socket and keep using it, as does every
// request to any other origin (task code's own fetches).

type Fetch = typeof globalThis.fetch;

function urlOf(input: Parameters<Fetch>[0]): string {
  if (typeof input === "string") return input;
  if (input instanceof URL) return input.href;
  return input.url;
}

function headerRecord(h: HeadersInit | undefined): Record<string, string> {
  if (!h) return {};
  if (h instanceof Headers) return Object.fromEntries(h.entries());
  if (Array.isArray(h)) return Object.fromEntries(h.map(([k, v]) => [k.toLowerCase(), v]));
  return Object.fromEntries(Object.entries(h).map(([k, v]) => [k.toLowerCase(), String(v)]));
}

function responseHeaders(h: Record<string, string | string[] | number | undefined>): Headers {
  const out = new Headers();
  for (const [k, v] of Object.entries(h)) {
    if (v === undefined) continue;
    for (const one of Array.isArray(v) ? v : [v]) out.append(k, String(one));
  }
  return out;
}

/**
 * The answer of an in-process request: a real `Response` (headers, status, `instanceof`, brand
 * checks) whose body is the buffer the router wrote. `text()`/`json()`/`arrayBuffer()` and
 * `clone()` read that buffer directly; a `Response` built on a stream (what `new Response(buffer)`
 * makes) costs a web stream per response and two more per `clone()` (the SDK clones every answer it
 * parses), which was a tenth of an in-thread trigger's CPU. `body`, `blob()` and `formData()`
 * build that stream-backed response on first use and delegate to it from then on.
 */
class BufferedResponse extends Response {
  readonly #buf: Buffer | null;
  #used = false;
  #streamed: Response | undefined;

  constructor(buf: Buffer | null, init: ResponseInit) {
    super(null, init);
    this.#buf = buf;
  }

  #stream(): Response {
    if (this.#used) throw new TypeError("Body is unusable: Body has already been read");
    this.#streamed ??= new Response(this.#buf as unknown as BodyInit | null, this.#init());
    return this.#streamed;
  }

  #take(): Buffer {
    if (this.#streamed) throw new Error("unreachable: body read through its stream");
    if (this.#used) throw new TypeError("Body is unusable: Body has already been read");
    this.#used = true;
    return this.#buf ?? Buffer.alloc(0);
  }

  override get body(): ReadableStream<Uint8Array<ArrayBuffer>> | null {
    return this.#buf === null ? null : this.#stream().body;
  }

  override get bodyUsed(): boolean {
    return this.#streamed ? this.#streamed.bodyUsed : this.#used;
  }

  override async text(): Promise<string> {
    if (this.#streamed) return this.#streamed.text();
    return this.#take().toString("utf8");
  }

  override async json(): Promise<unknown> {
    return JSON.parse(await this.text());
  }

  override async arrayBuffer(): Promise<ArrayBuffer> {
    if (this.#streamed) return this.#streamed.arrayBuffer();
    const b = this.#take();
    return b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength) as ArrayBuffer;
  }

  async bytes(): Promise<Uint8Array<ArrayBuffer>> {
    return new Uint8Array(await this.arrayBuffer());
  }

  override async blob(): Promise<Blob> {
    return this.#stream().blob();
  }

  override async formData(): Promise<FormData> {
    return this.#stream().formData();
  }

  override clone(): Response {
    if (this.#streamed) return this.#streamed.clone();
    if (this.#used) throw new TypeError("Response.clone: Body has already been consumed.");
    return new BufferedResponse(this.#buf, this.#init());
  }

  /** This response's status and headers, for a copy of it. */
  #init(): ResponseInit {
    return { status: this.status, statusText: this.statusText, headers: this.headers };
  }
}

/**
 * Routes this thread's `fetch` calls to `origin` (except realtime and streamed bodies) into
 * `dispatch` in-process. With `claims`, only the requests it accepts (the engine's own routes when
 * the origin is a host app's server that serves other things too); the rest keep the real fetch.
 * Returns a function that restores the previous `fetch`; from then on nothing is routed
 * in-process, even if another wrapper installed later still calls this one.
 */
export function serveFetchInProcess(
  origin: string,
  dispatch: RequestListener,
  claims?: (method: string, pathname: string) => boolean,
): () => void {
  const base = new URL(origin).origin;
  const previous = globalThis.fetch;
  let active = true;
  const inProcess: Fetch = async (input, init) => {
    const url = urlOf(input);
    const body = init?.body;
    if (
      !active ||
      !url.startsWith(`${base}/`) ||
      input instanceof Request ||
      (body !== undefined && body !== null && typeof body !== "string")
    )
      return previous(input, init);
    const path = url.slice(base.length);
    if (path.startsWith("/realtime/")) return previous(input, init);
    const method = init?.method?.toUpperCase() ?? "GET";
    if (claims && !claims(method, path.split("?")[0]!)) return previous(input, init);
    if (init?.signal?.aborted) throw init.signal.reason ?? new DOMException("aborted", "AbortError");
    const res = await inject(dispatch, {
      method: method as "GET",
      url: path,
      headers: headerRecord(init?.headers),
      ...(typeof body === "string" ? { payload: body } : {}),
    });
    const empty = res.statusCode === 204 || res.statusCode === 304;
    return new BufferedResponse(empty ? null : res.rawPayload, {
      status: res.statusCode,
      statusText: res.statusMessage,
      headers: responseHeaders(res.headers),
    });
  };
  globalThis.fetch = inProcess;
  return () => {
    active = false;
    if (globalThis.fetch === inProcess) globalThis.fetch = previous;
  };
}
