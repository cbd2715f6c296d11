// Twilio REST wire format (2010-04-01 API): message resources, list pages and error bodies.
import { randomBytes } from "node:crypto";

export interface FakeMessage {
  sid: string;
  accountSid: string;
  to: string;
  from: string | null;
  messagingServiceSid: string | null;
  body: string;
  status: string;
  statusCallback: string | null;
  errorCode: number | null;
  dateCreated: Date;
  dateSent: Date | null;
  dateUpdated: Date;
}

export const ERROR_TEXT: Record<number, { message: string; status: number }> = {
  20003: { message: "Authenticate", status: 401 },
  20404: { message: "The requested resource was not found", status: 404 },
  20429: { message: "Too Many Requests", status: 429 },
  20500: { message: "Internal Server Error", status: 500 },
  21211: { message: "Invalid 'To' Phone Number", status: 400 },
  21602: { message: "Message body is required.", status: 400 },
  21604: { message: "A 'To' phone number is required.", status: 400 },
  21610: { message: "Attempt to send to unsubscribed recipient", status: 400 },
  21614: { message: "'To' number is not a valid mobile number", status: 400 },
  30003: { message: "Unreachable destination handset", status: 400 },
  30006: { message: "Landline or unreachable carrier", status: 400 },
};

export function newSid(prefix: "SM" | "MM" = "SM"): string {
  return `${prefix}${randomBytes(16).toString("hex")}`;
}

function rfc2822(d: Date | null): string | null {
  return d ? d.toUTCString().replace("GMT", "+0000") : null;
}

export function errorBody(code: number, status?: number): { status: number; json: Record<string, unknown> } {
  const known = ERROR_TEXT[code];
  const httpStatus = status ?? known?.status ?? 400;
  return {
    status: httpStatus,
    json: {
      code,
      message: known?.message ?? `Error ${code}`,
      more_info: `https://www.twilio.com/docs/errors/${code}`,
      status: httpStatus,
    },
  };
}

export function messageResource(m: FakeMessage): Record<string, unknown> {
  const uri = `/2010-04-01/Accounts/${m.accountSid}/Messages/${m.sid}.json`;
  return {
    account_sid: m.accountSid,
    api_version: "2010-04-01",
    body: m.body,
    date_created: rfc2822(m.dateCreated),
    date_sent: rfc2822(m.dateSent),
    date_updated: rfc2822(m.dateUpdated),
    direction: "outbound-api",
    error_code: m.errorCode,
    error_message: m.errorCode ? (ERROR_TEXT[m.errorCode]?.message ?? null) : null,
    from: m.from,
    messaging_service_sid: m.messagingServiceSid,
    num_media: "0",
    num_segments: String(Math.max(1, Math.ceil(m.body.length / 153))),
    price: null,
    price_unit: "USD",
    sid: m.sid,
    status: m.status,
    subresource_uris: { media: uri.replace(".json", "/Media.json") },
    to: m.to,
    uri,
  };
}

// Twilio compares DateSent filters by calendar day when given a bare date, else by instant.
function parseBound(value: string): { at: number; dayOnly: boolean } {
  const dayOnly = /^\d{4}-\d{2}-\d{2}$/.test(value);
  return { at: new Date(dayOnly ? `${value}T00:00:00Z` : value).getTime(), dayOnly };
}

export function matchesListFilters(m: FakeMessage, q: URLSearchParams): boolean {
  if (q.get("To") && q.get("To") !== m.to) return false;
  if (q.get("From") && q.get("From") !== m.from) return false;
  const sent = m.dateSent?.getTime();
  const exact = q.get("DateSent");
  if (exact !== null) {
    if (sent === undefined) return false;
    const b = parseBound(exact);
    if (b.dayOnly ? new Date(sent).toISOString().slice(0, 10) !== exact : sent !== b.at) return false;
  }
  const after = q.get("DateSent>");
  if (after !== null && (sent === undefined || sent < parseBound(after).at)) return false;
  const before = q.get("DateSent<");
  if (before !== null) {
    const b = parseBound(before);
    const limit = b.dayOnly ? b.at + 86_400_000 : b.at;
    if (sent === undefined || (b.dayOnly ? sent >= limit : sent > limit)) return false;
  }
  return true;
}

export function listPage(
  accountSid: string,
  rows: FakeMessage[],
  q: URLSearchParams,
): Record<string, unknown> {
  const pageSize = Math.min(1000, Math.max(1, Number(q.get("PageSize") ?? "50")));
  const page = Math.max(0, Number(q.get("Page") ?? "0"));
  const slice = rows.slice(page * pageSize, (page + 1) * pageSize);
  const filters = new URLSearchParams(q);
  filters.delete("Page");
  filters.delete("PageSize");
  const extra = filters.size > 0 ? `&${filters.toString()}` : "";
  const base = `/2010-04-01/Accounts/${accountSid}/Messages.json`;
  const hasNext = (page + 1) * pageSize < rows.length;
  return {
    messages: slice.map(messageResource),
    end: page * pageSize + Math.max(0, slice.length - 1),
    first_page_uri: `${base}?PageSize=${pageSize}&Page=0${extra}`,
    next_page_uri: hasNext ? `${base}?PageSize=${pageSize}&Page=${page + 1}${extra}` : null,
    page,
    page_size: pageSize,
    previous_page_uri: page > 0 ? `${base}?PageSize=${pageSize}&Page=${page - 1}${extra}` : null,
    start: page * pageSize,
    uri: `${base}?PageSize=${pageSize}&Page=${page}${extra}`,
  };
}
