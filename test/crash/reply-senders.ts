// Patient replies into the running app, the two ways a reply arrives: Twilio's signed webhook and
// the phone simulator's tRPC procedure. Each returns what the app acknowledged, or null.
import { createTRPCClient, httpLink } from "@trpc/client";
import superjson from "superjson";
import twilio from "twilio";
import type { AppRouter } from "../../server/routers/app-router.js";
import { newSid } from "../fake-twilio/wire.js";

/** A reply the app answered with success: it must be stored once and processed, whatever follows. */
export interface Acked {
  via: "webhook" | "simulator";
  /** The Twilio MessageSid (webhook) or the stored message id the simulator returned. */
  key: string;
}

// Free text outside a check-in: a nurse-review task per patient (merged) and one acknowledgement
// text per task, so a patient who gets the same text twice was texted twice by mistake.
const BODIES = [
  "feeling ok today",
  "a bit tired but fine",
  "slept well",
  "walked to the mailbox",
  "ate lunch",
];
const body = (i: number) => BODIES[i % BODIES.length] ?? "ok";
const TIMEOUT_MS = 10_000;

export interface TwilioAccount {
  accountSid: string;
  authToken: string;
  from: string;
}

export function webhookSender(appUrl: string, account: TwilioAccount, phones: string[]) {
  const url = `${appUrl}/webhooks/twilio/sms`;
  let n = 0;
  const post = async (sid: string, from: string, text: string): Promise<boolean> => {
    const params = {
      AccountSid: account.accountSid,
      Body: text,
      From: from,
      MessageSid: sid,
      To: account.from,
    };
    const signature = twilio.getExpectedTwilioSignature(account.authToken, url, params);
    const res = await fetch(url, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", "x-twilio-signature": signature },
      body: new URLSearchParams(params).toString(),
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
    await res.text();
    return res.status === 200;
  };
  const sent = new Map<string, { from: string; text: string }>();
  return {
    async send(): Promise<Acked | null> {
      const i = n++;
      const sid = newSid("SM");
      const from = phones[i % phones.length] ?? "";
      sent.set(sid, { from, text: body(i) });
      return (await post(sid, from, body(i))) ? { via: "webhook", key: sid } : null;
    },
    /** Twilio redelivering a message it already had answered: it must not be stored again. */
    async redeliver(sid: string): Promise<boolean> {
      const m = sent.get(sid);
      return m ? post(sid, m.from, m.text) : false;
    },
  };
}

/** Signs in as a demo nurse over HTTP (cookie + CSRF header, as the SPA does), then replies as patients. */
export async function simulatorSender(appUrl: string, email: string, password: string) {
  let cookie = "";
  const client = createTRPCClient<AppRouter>({
    links: [
      httpLink({
        url: `${appUrl}/trpc`,
        transformer: superjson,
        headers: () => ({ "x-sequora-csrf": "1", ...(cookie ? { cookie } : {}) }),
        fetch: async (input, init) => {
          const res = await fetch(input, { ...init, signal: AbortSignal.timeout(TIMEOUT_MS) } as RequestInit);
          const set = res.headers.get("set-cookie");
          if (set) cookie = set.split(";")[0] ?? "";
          return res;
        },
      }),
    ],
  });
  await client.auth.signIn.mutate({ email, password });
  const patients = (await client.sim.patients.query()).filter((p) => !p.optedOut);
  let n = 0;
  return {
    phones: patients.map((p) => p.phone),
    async send(): Promise<Acked | null> {
      const i = n++;
      const patient = patients[i % patients.length];
      if (!patient) throw new Error("no simulated patients");
      const r = await client.sim.reply.mutate({ patientId: patient.id, body: body(i) });
      return r.stored && r.messageId ? { via: "simulator", key: r.messageId } : null;
    },
  };
}
