import { EventEmitter } from "node:events";
import {
  type IncomingMessage,
  type OutgoingHttpHeaders,
  type RequestListener,
  type ServerResponse,
  STATUS_CODES,
} from "node:http";
import { Readable } from "node:stream";

// The SDK calls the engine's HTTP API with the global `fetch`. When the caller lives in the same
// thread as the engine that serves it (an executor thread's attempts call their own thread; in the
// engine's own thread, attempts run there and the host app's or a script's triggers), the
// request need not cross a socket: this hands it to the engine's router as an in-process request,
// with the same method, path, headers and JSON body, and turns the answer into a WHATWG Response.
// The wire format is unchanged; only loopback TCP, undici and the HTTP parser are skipped (they
// were most of an in-thread SDK call's cost). Realtime (long polls, server-sent events) and
// streamed bodies need a real socket and keep using it, as does every request to any other origin
// (task code's own fetches).
//
// The request is a real `Readable` (the body, read by `for await` or `on("data")`) carrying the
// method, path and lower-cased headers; the response is `InProcessResponse` below, the part of
// `ServerResponse` the engine's routes use. light-my-request, which emulates the whole of both
// (sockets, a `ServerResponse` subclass, payload streams), did this before: 47-68 us of one call
// against 5-16 us this way (`.data` scratch, 20,000 calls of a trivial route), and one such call
// is in every trigger and every wait of task code running in the engine's thread.

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

/** The request a route reads: its body as a stream, with the fetch's method, path and headers. */
function inProcessRequest(
  method: string,
  url: string,
  headers: Record<string, string>,
  body: string | undefined,
): IncomingMessage {
  const req = new Readable({ read() {} });
  if (body) req.push(Buffer.from(body));
  req.push(null);
  return Object.assign(req, { method, url, headers, httpVersion: "1.1" }) as unknown as IncomingMessage;
}

/**
 * What a route writes, collected for the fetch's `Response`: the `ServerResponse` members the
 * engine's routes use (status, headers, `write`/`end`, `headersSent`, and its events). As on a
 * socket, a header set after the head was sent throws.
 */
class InProcessResponse extends EventEmitter {
  statusCode = 200;
  statusMessage = "";
  headersSent = false;
  writableEnded = false;
  readonly #headers = new Map<string, string | string[]>();
  readonly #chunks: Buffer[] = [];

  constructor(private readonly onEnd: (res: InProcessResponse) => void) {
    super();
  }

  setHeader(name: string, value: number | string | readonly string[]): this {
    if (this.headersSent) throw new Error(`Cannot set header "${name}" after the head was sent`);
    this.#headers.set(name.toLowerCase(), typeof value === "object" ? value.map(String) : String(value));
    return this;
  }

  getHeader(name: string): string | string[] | undefined {
    return this.#headers.get(name.toLowerCase());
  }

  hasHeader(name: string): boolean {
    return this.#headers.has(name.toLowerCase());
  }

  removeHeader(name: string): void {
    if (this.headersSent) throw new Error(`Cannot remove header "${name}" after the head was sent`);
    this.#headers.delete(name.toLowerCase());
  }

  writeHead(status: number, reason?: string | OutgoingHttpHeaders, headers?: OutgoingHttpHeaders): this {
    if (this.headersSent) throw new Error("The head was already sent");
    const fields = typeof reason === "string" ? headers : reason;
    if (typeof reason === "string") this.statusMessage = reason;
    for (const [k, v] of Object.entries(fields ?? {})) if (v !== undefined) this.setHeader(k, v);
    this.statusCode = status;
    this.headersSent = true;
    return this;
  }

  flushHeaders(): void {
    this.headersSent = true;
  }

  write(chunk: string | Uint8Array, encoding?: BufferEncoding | (() => void)): boolean {
    if (this.writableEnded) throw new Error("write after end");
    this.headersSent = true;
    this.#chunks.push(
      typeof chunk === "string"
        ? Buffer.from(chunk, typeof encoding === "string" ? encoding : "utf8")
        : Buffer.from(chunk),
    );
    if (typeof encoding === "function") queueMicrotask(encoding);
    return true;
  }

  end(chunk?: string | Uint8Array | (() => void)): this {
    if (this.writableEnded) return this;
    if (chunk !== undefined && typeof chunk !== "function") this.write(chunk);
    this.headersSent = true;
    this.writableEnded = true;
    this.onEnd(this);
    this.emit("finish");
    this.emit("close");
    if (typeof chunk === "function") queueMicrotask(chunk);
    return this;
  }

  /** The answer as a fetch sees it. */
  toResponse(): Response {
    const headers = new Headers();
    for (const [k, v] of this.#headers) for (const one of Array.isArray(v) ? v : [v]) headers.append(k, one);
    const empty = this.statusCode === 204 || this.statusCode === 304;
    return new BufferedResponse(empty ? null : Buffer.concat(this.#chunks), {
      status: this.statusCode,
      statusText: this.statusMessage || STATUS_CODES[this.statusCode] || "",
      headers,
    });
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
  const { origin: base, host } = new URL(origin);
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
    const headers = headerRecord(init?.headers);
    headers.host ??= host;
    if (typeof body === "string") headers["content-length"] ??= String(Buffer.byteLength(body));
    const req = inProcessRequest(method, path, headers, typeof body === "string" ? body : undefined);
    const res = await new Promise<InProcessResponse>((resolve, reject) => {
      const out = new InProcessResponse(resolve);
      try {
        const handled = dispatch(req, out as unknown as ServerResponse) as unknown;
        if (handled instanceof Promise) handled.catch(reject);
      } catch (err) {
        reject(err);
      }
    });
    return res.toResponse();
  };
  globalThis.fetch = inProcess;
  return () => {
    active = false;
    if (globalThis.fetch === inProcess) globalThis.fetch = previous;
  };
}
