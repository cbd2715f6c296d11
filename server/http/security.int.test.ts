import { request } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type HttpKit, startHttpKit } from "../../test/http-kit.js";

const ANA = "ana.nurse@sequora.test";

describe("HTTP hardening (real server)", () => {
  let k: HttpKit;
  beforeAll(async () => {
    k = await startHttpKit();
  });
  afterAll(async () => k.stop());

  it("sends strict security headers and no-store on patient-data answers", async () => {
    const cookie = await k.signIn(ANA);
    const r = await k.trpc("task.list", undefined, { cookie, method: "GET" });
    expect(r.status).toBe(200);
    const csp = r.headers.get("content-security-policy") ?? "";
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toContain("upgrade-insecure-requests");
    expect(r.headers.get("x-frame-options")).toBe("DENY");
    expect(r.headers.get("referrer-policy")).toBe("no-referrer");
    expect(r.headers.get("cache-control")).toBe("no-store");
    expect(r.headers.get("strict-transport-security")).toBeNull();
  });

  it("refuses a Host it is not known by (DNS rebinding) and accepts IP literals", async () => {
    const status = (host: string) =>
      new Promise<number>((resolve, reject) => {
        const req = request(`${k.base}/healthz`, { headers: { host } }, (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        });
        req.on("error", reject);
        req.end();
      });
    expect(await status("attacker.example:3000")).toBe(421);
    expect(await status("localhost:3000")).toBe(200);
    expect(await status("10.1.2.3")).toBe(200);
  });

  it("answers a typed 4xx to an opaque Origin, a malformed path and an oversized batch", async () => {
    const nullOrigin = await k.trpc(
      "auth.signIn",
      { email: ANA, password: "x" },
      { headers: { origin: "null" } },
    );
    expect(nullOrigin.status).toBe(403);
    expect((await fetch(`${k.base}/%E0%A4%A`)).status).toBe(400);
    const cookie = await k.signIn(ANA);
    const paths = Array.from({ length: 21 }, () => "auth.me").join(",");
    const big = await fetch(`${k.base}/trpc/${paths}?batch=1&input={}`, { headers: { cookie } });
    expect(big.status).toBe(400);
    const ok = await fetch(`${k.base}/trpc/${paths.split(",").slice(1).join(",")}?batch=1&input={}`, {
      headers: { cookie },
    });
    expect(ok.status).toBe(200);
  });

  it("locks an account after repeated wrong passwords, with 429, Retry-After and audit rows", async () => {
    const email = "grace.nurse@sequora.test";
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++)
      statuses.push((await k.trpc("auth.signIn", { email, password: `wrong-${i}` })).status);
    expect(statuses).toEqual([401, 401, 401, 401, 401, 429]);
    const locked = await k.trpc("auth.signIn", { email, password: "sequora-demo" });
    expect(locked.status).toBe(429);
    expect(Number(locked.headers.get("retry-after"))).toBeGreaterThan(60);
    expect(JSON.stringify(locked.body)).toMatch(/Too many failed sign-ins\. Try again in 15 minutes\./);
    const rows = await k.t.db.auditLog.findMany({ where: { email }, orderBy: { createdAt: "asc" } });
    expect(rows.map((r) => r.action)).toEqual(Array(7).fill("SIGN_IN_FAILED"));
    expect(rows.every((r) => r.userId && r.ip === "127.0.0.1")).toBe(true);
    expect(JSON.stringify(rows)).not.toContain("wrong-");
  });

  it("audits sign-in and sign-out, and sign-out closes that session's /events stream", async () => {
    const email = "luis.nurse@sequora.test";
    const cookie = await k.signIn(email);
    const stream = await fetch(`${k.base}/events`, { headers: { cookie } });
    expect(stream.status).toBe(200);
    const reader = stream.body!.getReader();
    await reader.read();
    await k.trpc("auth.signOut", undefined, { cookie });
    const drain = async () => {
      for (;;) if ((await reader.read()).done) return "closed";
    };
    expect(await Promise.race([drain(), new Promise((r) => setTimeout(() => r("still open"), 5_000))])).toBe(
      "closed",
    );
    expect((await fetch(`${k.base}/events`, { headers: { cookie } })).status).toBe(401);
    const rows = await k.t.db.auditLog.findMany({ where: { email }, orderBy: { createdAt: "asc" } });
    expect(rows.map((r) => r.action)).toEqual(["SIGN_IN", "SIGN_OUT"]);
  });

  it("ends and deletes a session idle longer than SESSION_IDLE_MINUTES (default 30)", async () => {
    const email = "sam.supervisor@sequora.test";
    const cookie = await k.signIn(email);
    const me = await k.trpc("auth.me", undefined, { cookie, method: "GET" });
    const remaining = (me.body as { result: { data: { json: { idleRemainingMs: number } } } }).result.data
      .json.idleRemainingMs;
    expect(remaining).toBeGreaterThan(29 * 60_000);
    expect(remaining).toBeLessThanOrEqual(30 * 60_000);
    const user = await k.t.db.user.findUniqueOrThrow({ where: { email } });
    const idleSince = new Date(Date.now() - 31 * 60_000);
    await k.t.db.session.updateMany({ where: { userId: user.id }, data: { updatedAt: idleSince } });
    const after = await k.trpc("auth.me", undefined, { cookie, method: "GET" });
    expect(JSON.stringify(after.body)).toContain('"user":null');
    expect(await k.t.db.session.count({ where: { userId: user.id } })).toBe(0);
  });
});
