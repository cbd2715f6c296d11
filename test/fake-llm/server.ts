// A real HTTP server speaking the OpenAI chat-completions wire format (POST /v1/chat/completions), for the
// language-model reader to talk to in tests. Each test sets how it answers; every request body is kept so a
// test can check what was (and was not) sent.
import { createServer, type IncomingMessage } from "node:http";
import type { AddressInfo, Socket } from "node:net";

export type FakeBehaviour =
  | { kind: "reading"; reading: unknown }
  | { kind: "raw"; content: string; usage?: Usage }
  | { kind: "status"; status: number }
  | { kind: "slow"; delayMs: number; reading: unknown }
  /** Answers in order, one turn a request; the last turn repeats. */
  | { kind: "turns"; turns: FakeTurn[] };

/** One answer: text, or tool calls (the model asking the caller to run its tools). */
export type FakeTurn = { content: string; usage?: Usage } | { toolCalls: ToolCall[] };

type Usage = { prompt_tokens: number; completion_tokens: number };
type ToolCall = { id: string; name: string; arguments: unknown };

export interface FakeLlm {
  /** Base URL for LLM_READER_URL (ends in /v1). */
  baseUrl: string;
  requests: { authorization?: string; body: ChatRequest }[];
  set(b: FakeBehaviour): void;
  close(): Promise<void>;
}

interface ChatRequest {
  model: string;
  messages: { role: string; content: string | null; tool_call_id?: string }[];
  tools?: { type: string; function: { name: string } }[];
  response_format?: { type: string };
}

/** A chat completion carrying one assistant message: text, or tool calls. */
function completion(
  answer: { content: string } | { toolCalls: ToolCall[] },
  model: string,
  usage: Usage = { prompt_tokens: 0, completion_tokens: 0 },
) {
  const choice =
    "toolCalls" in answer
      ? {
          index: 0,
          message: {
            role: "assistant",
            content: null,
            tool_calls: answer.toolCalls.map((c) => ({
              id: c.id,
              type: "function",
              function: { name: c.name, arguments: JSON.stringify(c.arguments) },
            })),
          },
          finish_reason: "tool_calls",
        }
      : { index: 0, message: { role: "assistant", content: answer.content }, finish_reason: "stop" };
  return {
    id: `chatcmpl-fake-${Date.now()}`,
    object: "chat.completion",
    created: Math.floor(Date.now() / 1000),
    model,
    choices: [choice],
    usage: { ...usage, total_tokens: usage.prompt_tokens + usage.completion_tokens },
  };
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

export async function startFakeLlm(): Promise<FakeLlm> {
  let behaviour: FakeBehaviour = { kind: "reading", reading: { answer: null, severity: "NONE" } };
  let turnsAnswered = 0;
  const requests: FakeLlm["requests"] = [];
  const sockets = new Set<Socket>();
  const server = createServer(async (req, res) => {
    if (req.method !== "POST" || req.url !== "/v1/chat/completions") {
      res.writeHead(404, { "content-type": "application/json" });
      res.end(JSON.stringify({ error: { message: "not found", type: "invalid_request_error" } }));
      return;
    }
    const body = JSON.parse(await readBody(req)) as ChatRequest;
    requests.push({
      ...(req.headers.authorization ? { authorization: req.headers.authorization } : {}),
      body,
    });
    const b = behaviour;
    if (b.kind === "status") {
      res.writeHead(b.status, { "content-type": "application/json" });
      res.end(JSON.stringify({ error: { message: "fake failure", type: "server_error" } }));
      return;
    }
    if (b.kind === "slow") await new Promise((r) => setTimeout(r, b.delayMs));
    let answer: FakeTurn;
    if (b.kind === "turns") answer = b.turns[Math.min(turnsAnswered++, b.turns.length - 1)]!;
    else if (b.kind === "raw")
      answer = b.usage ? { content: b.content, usage: b.usage } : { content: b.content };
    else answer = { content: JSON.stringify(b.reading) };
    // A tool-call turn reports 10 tokens in, 5 out.
    const usage = "toolCalls" in answer ? { prompt_tokens: 10, completion_tokens: 5 } : answer.usage;
    if (res.destroyed) return;
    res.writeHead(200, { "content-type": "application/json" });
    res.end(JSON.stringify(completion(answer, body.model, usage)));
  });
  server.on("connection", (s) => {
    sockets.add(s);
    s.on("close", () => sockets.delete(s));
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}/v1`,
    requests,
    set: (b) => {
      behaviour = b;
      turnsAnswered = 0;
    },
    close: () =>
      new Promise<void>((r) => {
        for (const s of sockets) s.destroy();
        server.close(() => r());
      }),
  };
}
