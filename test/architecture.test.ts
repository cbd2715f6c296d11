import { readFileSync } from "node:fs";
import path from "node:path";
import { cruise, type ICruiseResult } from "dependency-cruiser";
import extractTSConfig from "dependency-cruiser/config-utl/extract-ts-config";
import { beforeAll, describe, expect, it } from "vitest";

// The layer rules of docs/architecture.md, checked on the import graph of the product's own code
// (tests and the test harness may reach across layers to set things up, so they are left out).
const ROOT = path.resolve(import.meta.dirname, "..");
const SOURCES = ["server", "trigger", "scripts", "prisma", "client/src"];

let graph: ICruiseResult;

beforeAll(async () => {
  const previous = process.cwd();
  process.chdir(ROOT);
  try {
    const result = await cruise(
      SOURCES,
      {
        // Type-only imports count: a folder that needs another's types depends on it.
        tsPreCompilationDeps: true,
        exclude: { path: "node_modules|/generated/|\\.test\\.tsx?$|engine-test-kit|^test/|^e2e/" },
        doNotFollow: { path: "node_modules" },
      },
      undefined,
      { tsConfig: extractTSConfig(path.join(ROOT, "tsconfig.json")) },
    );
    graph = result.output as ICruiseResult;
  } finally {
    process.chdir(previous);
  }
}, 120_000);

/** Edges between source files of our own code: [from, to]. */
function edges(): [string, string][] {
  return graph.modules.flatMap((m) =>
    m.dependencies
      .filter((d) => !d.coreModule && !d.resolved.includes("node_modules") && !d.couldNotResolve)
      .map((d) => [m.source, d.resolved] as [string, string]),
  );
}

function importsBetween(from: RegExp, to: RegExp): string[] {
  return edges()
    .filter(([a, b]) => from.test(a) && to.test(b))
    .map(([a, b]) => `${a} -> ${b}`);
}

/** Strongly connected groups of folders (two or more folders importing each other in a ring). */
function folderCycles(): string[][] {
  const next = new Map<string, Set<string>>();
  for (const [a, b] of edges()) {
    const [fa, fb] = [path.dirname(a), path.dirname(b)];
    if (fa === fb) continue;
    if (!next.has(fa)) next.set(fa, new Set());
    next.get(fa)!.add(fb);
  }
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const groups: string[][] = [];
  let counter = 0;
  const visit = (v: string) => {
    index.set(v, counter);
    low.set(v, counter++);
    stack.push(v);
    onStack.add(v);
    for (const w of next.get(v) ?? []) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) !== index.get(v)) return;
    const group: string[] = [];
    for (let w = stack.pop(); w !== undefined; w = stack.pop()) {
      onStack.delete(w);
      group.push(w);
      if (w === v) break;
    }
    if (group.length > 1) groups.push(group.sort());
  };
  const folders = new Set([...next.keys(), ...[...next.values()].flatMap((s) => [...s])]);
  for (const f of [...folders].sort()) if (!index.has(f)) visit(f);
  return groups;
}

// A Prisma call on a client or transaction: `db.task.findMany(`, `tx.$transaction(`, `$queryRaw`.
const PRISMA_CALL =
  /\b(?:db|tx|prisma)\.(?:[a-zA-Z]+\.(?:find\w*|create\w*|update\w*|upsert|delete\w*|count|aggregate|groupBy)\(|\$(?:queryRaw|executeRaw|transaction))/;

describe("architecture", () => {
  it("has no import cycle between folders", () => {
    expect(folderCycles()).toEqual([]);
  });

  it("server code never imports task files (tasks depend on services, not the reverse)", () => {
    expect(importsBetween(/^server\//, /^trigger\//)).toEqual([]);
  });

  it("services never reach up into routers, tRPC or HTTP", () => {
    expect(importsBetween(/^server\/services\//, /^server\/(routers|trpc|http)\//)).toEqual([]);
  });

  it("the SMS adapter never calls a care use case", () => {
    expect(importsBetween(/^server\/sms\//, /^server\/services\//)).toEqual([]);
  });

  it("only the engine folder knows the engine's insides", () => {
    const outside = importsBetween(/^(?!server\/engine\/)/, /^server\/engine\/(?!index\.ts$)/);
    expect(outside).toEqual([]);
  });

  it("the SPA takes only the vocabulary and the router's types from the server", () => {
    const reaches = graph.modules
      .filter((m) => m.source.startsWith("client/src/"))
      .flatMap((m) =>
        m.dependencies
          .filter((d) => d.resolved.startsWith("server/"))
          .filter((d) => !d.resolved.startsWith("server/domain/"))
          .filter(
            (d) =>
              !(d.resolved === "server/routers/app-router.ts" && d.dependencyTypes.includes("type-only")),
          )
          .map((d) => `${m.source} -> ${d.resolved}`),
      );
    expect(reaches).toEqual([]);
  });

  it("no task file or router queries the database itself", () => {
    const offenders = graph.modules
      .map((m) => m.source)
      .filter((f) => /^(trigger|server\/routers)\/.*\.ts$/.test(f))
      .filter((f) => PRISMA_CALL.test(readFileSync(path.join(ROOT, f), "utf8")));
    expect(offenders).toEqual([]);
  });
});
