import {
  type Attributes,
  type Context,
  type ContextManager,
  context,
  ProxyTracerProvider,
  ROOT_CONTEXT,
  SpanStatusCode,
  type TracerProvider,
  trace,
} from "@opentelemetry/api";
import { AsyncLocalStorageContextManager } from "@opentelemetry/context-async-hooks";
import {
  BasicTracerProvider,
  type ReadableSpan,
  type Sampler,
  SamplingDecision,
  type Span,
  type SpanProcessor,
} from "@opentelemetry/sdk-trace-base";
import { type AttemptLog, currentLog, type LogLevel } from "./run-logs.js";

// OpenTelemetry spans made by task code, recorded with the run as Trigger.dev records them: the
// SDK's `logger.trace`, a task's own `trace.getTracer(...)` spans, and instrumentation such as the
// AI SDK's (`experimental_telemetry`, through `@ai-sdk/otel` on AI SDK 7). Not the SDK's own API
// calls (see `globalProvider`). Only spans started inside an attempt are recorded (others are
// OTel's non-recording spans, as with no SDK at all); each becomes a TRACE line of its attempt's
// log (at its start, recorded at its end) with its attributes, duration, error status and parent,
// so the run's trace nests them. Nothing is exported: they stay in the engine's database.

/** A string attribute longer than this is cut (prompts and completions can be long). */
const MAX_ATTRIBUTE_TEXT = 1_000;

interface Started {
  log: AttemptLog;
  at: Date;
  clock: number;
}
const started = new WeakMap<Span, Started>();

/**
 * OTel's context (which span is active), kept by an AsyncLocalStorage from the first recorded span
 * on. Until then `with` just calls: every promise of every run would otherwise pay for a second
 * AsyncLocalStorage (beside context-slots.ts), which projects that never make a span (Sequora's own
 * tasks) would pay for nothing.
 */
class ContextFromFirstSpan implements ContextManager {
  private als: AsyncLocalStorageContextManager | undefined;
  start(): void {
    this.als ??= new AsyncLocalStorageContextManager().enable();
  }
  active(): Context {
    return this.als ? this.als.active() : ROOT_CONTEXT;
  }
  with<A extends unknown[], F extends (...args: A) => ReturnType<F>>(
    ctx: Context,
    fn: F,
    thisArg?: ThisParameterType<F>,
    ...args: A
  ): ReturnType<F> {
    return this.als ? this.als.with(ctx, fn, thisArg, ...args) : fn.call(thisArg, ...args);
  }
  bind<T>(ctx: Context, target: T): T {
    return this.als ? this.als.bind(ctx, target) : target;
  }
  enable(): this {
    return this;
  }
  disable(): this {
    this.als?.disable();
    return this;
  }
}
const contextManager = new ContextFromFirstSpan();

/** Records only where an attempt is running: elsewhere a span costs what OTel's no-op span costs. */
const inAttempts: Sampler = {
  shouldSample: () => {
    if (!currentLog()) return { decision: SamplingDecision.NOT_RECORD };
    contextManager.start();
    return { decision: SamplingDecision.RECORD_AND_SAMPLED };
  },
  toString: () => "SequoraEngineAttempts",
};

function clip(attributes: Attributes): Record<string, unknown> | undefined {
  const out: Record<string, unknown> = {};
  let any = false;
  for (const [k, v] of Object.entries(attributes)) {
    // `$...` are the SDK's own (its usage and cost figures), not the task's.
    if (v === undefined || k.startsWith("$")) continue;
    any = true;
    out[k] =
      typeof v === "string" && v.length > MAX_ATTRIBUTE_TEXT ? `${v.slice(0, MAX_ATTRIBUTE_TEXT)}…` : v;
  }
  return any ? out : undefined;
}

function errorOf(span: ReadableSpan): string | undefined {
  if (span.status.code !== SpanStatusCode.ERROR) return undefined;
  const exception = span.events.find((e) => e.name === "exception");
  const message = exception?.attributes?.["exception.message"] ?? span.status.message;
  return typeof message === "string" ? message.slice(0, MAX_ATTRIBUTE_TEXT) : "";
}

/**
 * How long the span took: measured precisely, unless the engine's clock moved further (clock
 * control jumped virtual time while the span was open: a `wait.for()` across an advance), so the
 * length agrees with the start times the run's trace shows.
 */
function lengthOf(from: Started, end: Date): number {
  const measured = performance.now() - from.clock;
  const onClock = end.getTime() - from.at.getTime();
  return onClock > measured + 2 ? onClock : measured;
}

const recordToAttemptLog: SpanProcessor = {
  onStart(span) {
    const log = currentLog();
    if (log) started.set(span, { log, at: log.now(), clock: performance.now() });
  },
  onEnd(span) {
    const from = started.get(span as Span);
    if (!from) return;
    started.delete(span as Span);
    const parent = span.parentSpanContext;
    const error = errorOf(span);
    const attributes = clip(span.attributes);
    from.log.record("TRACE", span.name, error === undefined ? attributes : { ...attributes, error }, {
      startedAt: from.at,
      durationMs: lengthOf(from, from.log.now()),
      isError: error !== undefined,
      spanId: span.spanContext().spanId,
      // A parent recorded elsewhere (a host's own span) is not in the run's trace: the trace
      // route then hangs the span from the run itself.
      parentSpanId: parent && trace.isSpanContextValid(parent) ? parent.spanId : null,
    });
  },
  forceFlush: () => Promise.resolve(),
  shutdown: () => Promise.resolve(),
};

const provider = new BasicTracerProvider({ sampler: inAttempts, spanProcessors: [recordToAttemptLog] });

/** The engine's own tracer for `logger.trace` (recorded whether or not the global one is ours). */
export const runSpanTracer = provider.getTracer("trigger.dev", "embedded");

/** A tracer that records nothing, for the SDK executor's own spans (attempt, hooks, middleware). */
export const silentTracer = new ProxyTracerProvider().getTracer("sequora-engine");

/** The tracer name of the SDK's own API calls (`wait.for()`, `tasks.triggerAndWait()`...). */
const SDK_TRACER = "@trigger.dev/sdk";

/**
 * The global provider: the engine's, except for the SDK's own calls. Recording those (Trigger.dev's
 * trace shows them) cost a row per call and a live span per waiting run: with them, 20,000 parked
 * runs peaked 8-14 MB higher and resumed 2-10% slower after a restart (`.data/s24/ab-parked.txt`).
 */
const globalProvider: TracerProvider = {
  getTracer: (name, version, options) =>
    name === SDK_TRACER ? silentTracer : provider.getTracer(name, version, options),
};

let installed: "ours" | "host" | undefined;

/**
 * Makes the engine's provider the process's (or thread's) global tracer provider and gives OTel a
 * context manager (AsyncLocalStorage from the first recorded span), so spans made through `@opentelemetry/api` inside a task nest
 * and are recorded. A host that registered its own OpenTelemetry first keeps it (its spans go
 * where it sends them); `logger.trace` is recorded either way. Returns who holds the global provider.
 */
export function installSpanCapture(): "ours" | "host" {
  if (installed) return installed;
  installed = trace.setGlobalTracerProvider(globalProvider) ? "ours" : "host";
  // A host's own context manager (if it set one) serves as well as ours.
  if (installed === "ours") context.setGlobalContextManager(contextManager);
  return installed;
}

/**
 * Records a line (`logger.*`, `console.*`) for the attempt whose code is running, under the span it
 * is written in when that span is recorded. Outside an attempt it does nothing.
 */
export function recordLine(level: LogLevel, message: string, attributes?: unknown): void {
  const log = currentLog();
  if (!log) return;
  const active = trace.getActiveSpan();
  const parentSpanId = active?.isRecording() ? active.spanContext().spanId : null;
  log.record(level, message, attributes, parentSpanId ? { parentSpanId } : undefined);
}
