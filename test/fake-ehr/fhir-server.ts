import { randomBytes } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import type { DocumentReference } from "@medplum/fhirtypes";
import { createLocalJWKSet, type JSONWebKeySet, jwtVerify } from "jose";

// A hospital EHR's FHIR side, as the fake Twilio is for SMS: SMART Backend Services token endpoint
// (verifies the signed client assertion against the registered JWK Set) and DocumentReference
// create with conditional create. Faults are queued per DocumentReference request.

export type FhirFault = "500" | "timeout" | "lost" | "422";

export interface FakeFhirEhr {
  baseUrl: string;
  tokenUrl: string;
  documents: Map<string, DocumentReference>;
  /** DocumentReference POSTs received, faulty ones included. */
  posts: number;
  tokensIssued: number;
  /** Why the token endpoint refused an assertion, last first. */
  refusals: string[];
  faults: FhirFault[];
  stop(): Promise<void>;
}

// The real wall clock: a test's engine may move the process's Date ahead, but a JWT's times are real.
const wallNow = () => new Date(performance.timeOrigin + performance.now());

export async function startFakeFhirEhr(opts: {
  clientId: string;
  jwks: JSONWebKeySet;
}): Promise<FakeFhirEhr> {
  const keys = createLocalJWKSet(opts.jwks);
  const tokens = new Set<string>();
  const seenJti = new Set<string>();
  const hung: http.ServerResponse[] = [];
  const server = http.createServer((req, res) => {
    void handle(req, res).catch(() => {
      if (!res.headersSent) res.writeHead(500).end();
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const ehr: FakeFhirEhr = {
    baseUrl: `${origin}/fhir`,
    tokenUrl: `${origin}/auth/token`,
    documents: new Map(),
    posts: 0,
    tokensIssued: 0,
    refusals: [],
    faults: [],
    stop: async () => {
      for (const res of hung) res.destroy();
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
    },
  };
  const json = (
    res: http.ServerResponse,
    status: number,
    body: unknown,
    headers: Record<string, string> = {},
  ) => {
    res.writeHead(status, { "content-type": "application/json", ...headers });
    res.end(JSON.stringify(body));
  };

  async function handle(req: http.IncomingMessage, res: http.ServerResponse) {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const body = Buffer.concat(chunks).toString("utf8");
    const path = (req.url ?? "").split("?")[0];
    if (req.method === "GET" && path === "/fhir/.well-known/smart-configuration")
      return json(res, 200, { token_endpoint: ehr.tokenUrl, grant_types_supported: ["client_credentials"] });
    if (req.method === "POST" && path === "/auth/token") return token(res, new URLSearchParams(body));
    if (req.method === "POST" && path === "/fhir/DocumentReference") return create(req, res, body);
    json(res, 404, { resourceType: "OperationOutcome", issue: [{ severity: "error", code: "not-found" }] });
  }

  async function token(res: http.ServerResponse, form: URLSearchParams) {
    const refuse = (why: string) => {
      ehr.refusals.unshift(why);
      json(res, 401, { error: "invalid_client", error_description: why });
    };
    if (form.get("grant_type") !== "client_credentials") return refuse("grant_type");
    if (form.get("client_assertion_type") !== "urn:ietf:params:oauth:client-assertion-type:jwt-bearer")
      return refuse("client_assertion_type");
    try {
      const { payload } = await jwtVerify(form.get("client_assertion") ?? "", keys, {
        issuer: opts.clientId,
        subject: opts.clientId,
        audience: ehr.tokenUrl,
        algorithms: ["RS384", "ES384"],
        currentDate: wallNow(),
        maxTokenAge: "5m",
      });
      if (!payload.jti || seenJti.has(payload.jti)) return refuse("jti replayed");
      seenJti.add(payload.jti);
    } catch (err) {
      return refuse((err as Error).name);
    }
    const access = randomBytes(16).toString("hex");
    tokens.add(access);
    ehr.tokensIssued++;
    json(res, 200, { access_token: access, token_type: "bearer", expires_in: 300, scope: form.get("scope") });
  }

  function create(req: http.IncomingMessage, res: http.ServerResponse, body: string) {
    ehr.posts++;
    const bearer = /^Bearer (.+)$/.exec(req.headers.authorization ?? "")?.[1] ?? "";
    if (!tokens.has(bearer)) return json(res, 401, { resourceType: "OperationOutcome", issue: [] });
    const fault = ehr.faults.shift();
    if (fault === "500") return json(res, 500, { resourceType: "OperationOutcome", issue: [] });
    if (fault === "422") return json(res, 422, { resourceType: "OperationOutcome", issue: [] });
    if (fault === "timeout") {
      hung.push(res); // never answered, never applied
      return;
    }
    const doc = JSON.parse(body) as DocumentReference;
    const condition = /^identifier=(.*)\|(.*)$/.exec(String(req.headers["if-none-exist"] ?? ""));
    const existing = condition
      ? [...ehr.documents.values()].find((d) =>
          d.identifier?.some((i) => i.system === condition[1] && i.value === condition[2]),
        )
      : undefined;
    if (existing) return json(res, 200, existing);
    const id = `doc-${ehr.documents.size + 1}`;
    const stored = { ...doc, id };
    ehr.documents.set(id, stored);
    // Applied, but the answer never arrives: the connection drops.
    if (fault === "lost") return req.socket.destroy();
    json(res, 201, stored, { location: `${ehr.baseUrl}/DocumentReference/${id}/_history/1` });
  }
  return ehr;
}
