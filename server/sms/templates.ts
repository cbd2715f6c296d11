import { TZDate } from "@date-fns/tz";
import { format } from "date-fns";
import { enUS, es } from "date-fns/locale";
import { z } from "zod";
import type { Language } from "../db/client.js";
import { clip } from "../lib/text.js";

// Minimum necessary (HIPAA): texts may carry the patient's first name and the hospital's name and
// nothing clinical. No template has a variable for patient-supplied text, so a reply is never echoed.

/** Filled by the service from the patient, episode and configuration, never by callers. */
export interface CommonVars {
  firstName: string;
  hospitalName: string;
  programName: string;
  programPhone: string;
}

const none = z.object({}).strict();
const at = z.object({ at: z.date() }).strict();

/** Caller-supplied variables per template (validated at the boundary). */
export const templateVarSchemas = {
  "consent.request": none,
  "consent.granted": none,
  "checkin.intro": none,
  "checkin.reminder": none,
  "checkin.no_response": none,
  "checkin.reask": z.object({ max: z.number().int().min(2).max(9) }).strict(),
  "checkin.thanks": z.object({ nextCheckInAt: z.date() }).strict(),
  "emergency.call_911": none,
  "emergency.call_911_no_drive": none,
  "nurse.will_call": none,
  "ack.received": none,
  "advice.rule_15_15": none,
  "med.cost_resources": none,
  // Reminders (issue 15, "visit-after"): the clinic's zone, address, clinician and notes are not
  // clinical; `ride` says staff booked transport.
  "appt.reminder_24h": z
    .object({
      at: z.date(),
      timeZone: z.string().max(64).optional(),
      address: z.string().max(200),
      clinician: z.string().max(80).optional(),
      prep: z.string().max(500).optional(),
      ride: z.boolean().default(false),
    })
    .strict(),
  "appt.reminder_2h": z
    .object({
      at: z.date(),
      timeZone: z.string().max(64).optional(),
      parking: z.string().max(200).optional(),
      building: z.string().max(200).optional(),
      ride: z.boolean().default(false),
    })
    .strict(),
  "appt.ride_noted": none,
  "visit.after_thanks": none,
  "episode.closing": none,
  "task.followed_up": none,
  "optout.confirm": none,
  "optin.confirm": none,
  help: none,
  // Follow-up visits (services/visits): clinician names and the clinic's address are not clinical.
  "visit.offer": z
    .object({
      options: z
        .array(z.object({ at: z.date(), clinician: z.string().min(1).max(80) }).strict())
        .min(1)
        .max(3),
      again: z.boolean().default(false),
    })
    .strict(),
  "visit.requested": at,
  "visit.confirmed": z
    .object({
      at: z.date(),
      clinician: z.string().max(80),
      address: z.string().max(200),
      prep: z.string().max(500).optional(),
    })
    .strict(),
  "visit.change": z.object({ at: z.date(), clinician: z.string().max(80) }).strict(),
  "visit.expired": none,
  "visit.declined": none,
  // Visit changes: the patient's own cancel, and the clinic's (an apology; new times follow).
  "visit.canceled": at,
  "visit.clinic_canceled": at,
} as const;

export type RenderedTemplateName = keyof typeof templateVarSchemas;
/** "checkin.question" carries text already vetted by the triage module instead of a template. */
export type TemplateName = RenderedTemplateName | "checkin.question";
export type TemplateVars<T extends RenderedTemplateName> = z.infer<(typeof templateVarSchemas)[T]>;

export const TEMPLATE_NAMES = Object.keys(templateVarSchemas) as RenderedTemplateName[];

interface RenderInput extends CommonVars {
  max: number;
  nextCheckIn: string;
  time: string;
  /** visit.*: numbered times ("1) ... 2) ..."), how to pick one, who and where. */
  options: string;
  choices: string;
  again: boolean;
  clinician: string;
  address: string;
  /** appt.*: the clinic's notes, and whether a ride is booked. */
  parking: string;
  building: string;
  /** visit.confirmed, appt.reminder_24h: the clinic's preparation notes, clipped to fit. */
  prep: string;
  ride: boolean;
}
type Render = (v: RenderInput) => string;

const EN: Record<RenderedTemplateName, Render> = {
  "consent.request": (v) =>
    `Hi ${v.firstName}, this is ${v.hospitalName}. Reply YES to get check-in texts from ${v.hospitalName}; STOP to opt out. HELP for help. Msg&data rates may apply.`,
  "consent.granted": (v) =>
    `Thanks ${v.firstName}, you are signed up for check-in texts from ${v.hospitalName}. Reply STOP anytime to opt out.`,
  "checkin.intro": (v) =>
    `Hi ${v.firstName}, ${v.hospitalName} checking in. A few quick questions follow, one at a time. Reply STOP to opt out.`,
  "checkin.reminder": (v) =>
    `Hi ${v.firstName}, ${v.hospitalName} here. We have not heard back. Please reply to our last question when you can.`,
  "checkin.no_response": (v) =>
    `Hi ${v.firstName}, we missed you today. ${v.hospitalName} will check in again soon. If you need help now, call ${v.programPhone}.`,
  "checkin.reask": (v) => `Sorry, please reply with a number 1-${v.max}.`,
  "checkin.thanks": (v) =>
    `Thanks ${v.firstName}! Your next check-in from ${v.hospitalName} is ${v.nextCheckIn}.`,
  "emergency.call_911": (v) =>
    `${v.firstName}, if this is an emergency, call 911 now. A nurse from ${v.hospitalName} has also been alerted.`,
  "emergency.call_911_no_drive": (v) =>
    `${v.firstName}, please call 911 now. Do not drive yourself. A nurse from ${v.hospitalName} has been alerted.`,
  "nurse.will_call": (v) =>
    `Thanks ${v.firstName}. A nurse from ${v.hospitalName} will call you soon. If things get worse, call 911.`,
  "ack.received": (v) =>
    `Thanks ${v.firstName}, we got your message. Someone from the ${v.hospitalName} care team will follow up.`,
  "advice.rule_15_15": (v) =>
    `${v.firstName}, have 15 grams of fast carbs now (half a cup of juice or regular soda). Wait 15 minutes, then check again. If you do not feel better, call 911. A nurse will call you.`,
  "med.cost_resources": (v) =>
    `${v.firstName}, help with the cost of medicines is available. Call ${v.programPhone} or ask your pharmacist about lower-cost options.`,
  "appt.reminder_24h": (v) =>
    `Hi ${v.firstName}, your follow-up visit is tomorrow, ${v.time}${v.clinician ? ` with ${v.clinician}` : ""}, ${v.address}. ${v.prep || "Bring all your medicines and discharge papers."}${v.ride ? " A ride is being arranged for you." : ""} Reply YES to confirm or R to change the time.`,
  "appt.reminder_2h": (v) =>
    `Hi ${v.firstName}, your follow-up visit is today, ${v.time}.${v.parking ? ` Parking: ${v.parking}` : ""}${v.building ? ` ${v.building}` : ""}${v.ride ? " A ride is being arranged for you." : ""} Reply R if you cannot make it.`,
  "appt.ride_noted": (v) =>
    `Thanks ${v.firstName}. A nurse from ${v.hospitalName} will help arrange a ride to your visit.`,
  "visit.after_thanks": (v) =>
    `Thank you ${v.firstName}. If anything changes, text us here or call ${v.programPhone}. In an emergency call 911.`,
  "task.followed_up": (v) =>
    `Hi ${v.firstName}, thank you for talking with the ${v.hospitalName} care team. Text us anytime if anything changes. In an emergency call 911.`,
  "episode.closing": (v) =>
    `Hi ${v.firstName}, your check-ins with ${v.hospitalName} are complete. Thank you! Questions: call ${v.programPhone}. You will get no more check-in texts.`,
  "optout.confirm": (v) =>
    `You are unsubscribed from ${v.programName} and will get no more texts. Reply START to resubscribe.`,
  "optin.confirm": (v) =>
    `You are resubscribed to ${v.programName} texts. Reply STOP to opt out, HELP for help.`,
  help: (v) =>
    `${v.programName}: check-in texts from your care team. Questions: call ${v.programPhone}. Reply STOP to opt out. Msg&data rates may apply. Emergency: call 911.`,
  "visit.offer": (v) =>
    `${v.again ? "Sorry, that time is not available. " : `Hi ${v.firstName}, ${v.hospitalName} would like you to see a clinician soon. `}${v.options} Reply ${v.choices} to pick a time, or 0 for none of these.`,
  "visit.requested": (v) =>
    `Thanks ${v.firstName}. We asked the clinic for ${v.time}. We will text you when it is confirmed.`,
  "visit.confirmed": (v) =>
    `${v.firstName}, your follow-up visit is booked: ${v.time} with ${v.clinician}, ${v.address}. ${v.prep || "Please bring all your medicines and your discharge papers."} Reply R to reschedule.`,
  "visit.change": (v) =>
    `Hi ${v.firstName}, the clinic suggests ${v.time} with ${v.clinician} instead. Reply YES to accept, or 0 to see other times.`,
  "visit.expired": (v) =>
    `Hi ${v.firstName}, the clinic could not confirm your time yet. A nurse from ${v.hospitalName} will call you to book your visit.`,
  "visit.declined": (v) =>
    `Thanks ${v.firstName}. A nurse from ${v.hospitalName} will call you to find a time that works.`,
  "visit.canceled": (v) =>
    `${v.firstName}, your visit on ${v.time} is cancelled. Reply R any time to pick a new time.`,
  "visit.clinic_canceled": (v) =>
    `Hi ${v.firstName}, we are sorry: the clinic had to cancel your visit on ${v.time}. We will text you new times now.`,
};

const ES: Record<RenderedTemplateName, Render> = {
  "consent.request": (v) =>
    `Hola ${v.firstName}, le escribe ${v.hospitalName}. Responda SI para recibir mensajes de seguimiento de ${v.hospitalName}; ALTO para no recibirlos. AYUDA para ayuda. Pueden aplicar tarifas.`,
  "consent.granted": (v) =>
    `Gracias ${v.firstName}, recibirá mensajes de seguimiento de ${v.hospitalName}. Responda ALTO en cualquier momento para cancelarlos.`,
  "checkin.intro": (v) =>
    `Hola ${v.firstName}, ${v.hospitalName} le saluda. Le haremos unas preguntas breves, una a la vez. Responda ALTO para cancelar.`,
  "checkin.reminder": (v) =>
    `Hola ${v.firstName}, le escribe ${v.hospitalName}. No hemos recibido su respuesta. Por favor responda a nuestra última pregunta.`,
  "checkin.no_response": (v) =>
    `Hola ${v.firstName}, hoy no pudimos comunicarnos. ${v.hospitalName} le escribirá pronto. Si necesita ayuda ahora, llame al ${v.programPhone}.`,
  "checkin.reask": (v) => `Perdón, por favor responda con un número del 1 al ${v.max}.`,
  "checkin.thanks": (v) =>
    `¡Gracias ${v.firstName}! Su próximo seguimiento de ${v.hospitalName} será el ${v.nextCheckIn}.`,
  "emergency.call_911": (v) =>
    `${v.firstName}, si es una emergencia, llame al 911 ahora. También avisamos a una enfermera de ${v.hospitalName}.`,
  "emergency.call_911_no_drive": (v) =>
    `${v.firstName}, llame al 911 ahora. No maneje usted mismo. Avisamos a una enfermera de ${v.hospitalName}.`,
  "nurse.will_call": (v) =>
    `Gracias ${v.firstName}. Una enfermera de ${v.hospitalName} le llamará pronto. Si empeora, llame al 911.`,
  "ack.received": (v) =>
    `Gracias ${v.firstName}, recibimos su mensaje. Alguien del equipo de ${v.hospitalName} le dará seguimiento.`,
  "advice.rule_15_15": (v) =>
    `${v.firstName}, coma o beba 15 gramos de carbohidratos rápidos ahora (media taza de jugo o refresco regular). Espere 15 minutos y vuelva a medir. Si no se siente mejor, llame al 911. Una enfermera le llamará.`,
  "med.cost_resources": (v) =>
    `${v.firstName}, hay ayuda para pagar sus medicinas. Llame al ${v.programPhone} o pregunte en su farmacia por opciones de menor costo.`,
  "appt.reminder_24h": (v) =>
    `Hola ${v.firstName}, mañana ${v.time} tiene su cita de seguimiento${v.clinician ? ` con ${v.clinician}` : ""} en ${v.address}. ${v.prep || "Traiga sus medicinas y papeles del alta."}${v.ride ? " Le organizamos el transporte." : ""} Responda SI para confirmar o R para cambiar la hora.`,
  "appt.reminder_2h": (v) =>
    `Hola ${v.firstName}, su cita de seguimiento es hoy, ${v.time}.${v.parking ? ` Estacionamiento: ${v.parking}` : ""}${v.building ? ` ${v.building}` : ""}${v.ride ? " Le organizamos el transporte." : ""} Responda R si no puede ir.`,
  "appt.ride_noted": (v) =>
    `Gracias ${v.firstName}. Una enfermera de ${v.hospitalName} le ayudará a conseguir transporte para su cita.`,
  "visit.after_thanks": (v) =>
    `Gracias ${v.firstName}. Si algo cambia, escríbanos aquí o llame al ${v.programPhone}. En una emergencia llame al 911.`,
  "task.followed_up": (v) =>
    `Hola ${v.firstName}, gracias por hablar con el equipo de ${v.hospitalName}. Escríbanos si algo cambia. En una emergencia llame al 911.`,
  "episode.closing": (v) =>
    `Hola ${v.firstName}, terminaron sus seguimientos con ${v.hospitalName}. ¡Gracias! Preguntas: llame al ${v.programPhone}. No recibirá más mensajes de seguimiento.`,
  "optout.confirm": (v) =>
    `Ya no recibirá mensajes de ${v.programName}. Responda COMENZAR para volver a recibirlos.`,
  "optin.confirm": (v) =>
    `Volverá a recibir mensajes de ${v.programName}. Responda ALTO para cancelar, AYUDA para ayuda.`,
  help: (v) =>
    `${v.programName}: mensajes de seguimiento de su equipo de salud. Preguntas: llame al ${v.programPhone}. Responda ALTO para cancelar. Pueden aplicar tarifas. Emergencia: llame al 911.`,
  "visit.offer": (v) =>
    `${v.again ? "Perdón, esa hora ya no está disponible. " : `Hola ${v.firstName}, ${v.hospitalName} quiere que vea a un médico pronto. `}${v.options} Responda ${v.choices} para elegir una hora, o 0 si ninguna le sirve.`,
  "visit.requested": (v) =>
    `Gracias ${v.firstName}. Pedimos a la clínica la cita del ${v.time}. Le escribiremos cuando esté confirmada.`,
  "visit.confirmed": (v) =>
    `${v.firstName}, su cita de seguimiento está reservada: ${v.time} con ${v.clinician}, ${v.address}. ${v.prep || "Traiga todas sus medicinas y sus papeles del alta."} Responda R para cambiarla.`,
  "visit.change": (v) =>
    `Hola ${v.firstName}, la clínica propone el ${v.time} con ${v.clinician}. Responda SI para aceptar, o 0 para ver otras horas.`,
  "visit.expired": (v) =>
    `Hola ${v.firstName}, la clínica aún no pudo confirmar su hora. Una enfermera de ${v.hospitalName} le llamará para reservar su cita.`,
  "visit.declined": (v) =>
    `Gracias ${v.firstName}. Una enfermera de ${v.hospitalName} le llamará para encontrar una hora que le sirva.`,
  "visit.canceled": (v) =>
    `${v.firstName}, su cita del ${v.time} está cancelada. Responda R cuando quiera para elegir otra hora.`,
  "visit.clinic_canceled": (v) =>
    `Hola ${v.firstName}, lo sentimos: la clínica tuvo que cancelar su cita del ${v.time}. Le enviaremos otras horas ahora.`,
};

/** Dates are shown in the patient's own time zone and language. */
export function formatLocalDateTime(date: Date, timeZone: string, language: Language): string {
  const local = new TZDate(date.getTime(), timeZone);
  return language === "ES"
    ? format(local, "EEEE d 'de' MMMM, HH:mm", { locale: es })
    : format(local, "EEEE, MMMM d 'at' h:mm a", { locale: enUS });
}

// Names arrive from intake; keep only name-like characters so a template cannot be hijacked.
function safeFirstName(name: string): string {
  const cleaned = name
    .normalize("NFC")
    .replace(/[^\p{L}\p{M}' -]/gu, "")
    .trim();
  return cleaned.slice(0, 30) || "there";
}

/** For untyped callers: the template's own schema validates `vars` (throws a ZodError). */
export function renderTemplateChecked(
  name: RenderedTemplateName,
  language: Language,
  common: CommonVars,
  vars: unknown,
  timeZone: string,
): string {
  const parsed = templateVarSchemas[name].parse(vars) as Record<string, unknown>;
  const fmt = (d: unknown) => (d instanceof Date ? formatLocalDateTime(d, timeZone, language) : "");
  const input: RenderInput = {
    ...common,
    firstName: safeFirstName(common.firstName),
    max: typeof parsed.max === "number" ? parsed.max : 4,
    nextCheckIn: fmt(parsed.nextCheckInAt),
    time: fmt(parsed.at),
    ...visitVars(parsed, fmt, language),
    ...apptVars(parsed, language),
  };
  const render = (language === "ES" ? ES : EN)[name];
  const text = render(input);
  // A clinic's preparation notes get the room the rest of the text leaves within two segments;
  // with too little room, the standard sentence (which always fits) is said instead.
  if (text.length <= TWO_SEGMENTS || !input.prep) return text;
  const room = input.prep.length - (text.length - TWO_SEGMENTS);
  return render({ ...input, prep: room >= 30 ? sentence(clipText(input.prep, room - 1)) : "" });
}

/** Two SMS segments: what a patient's phone shows as one message on every carrier we met. */
const TWO_SEGMENTS = 320;

export function isRenderedTemplate(name: string): name is RenderedTemplateName {
  return Object.hasOwn(templateVarSchemas, name);
}

// The visit templates' numbered options: "1) Tuesday, December 8 at 9:00 AM, Dr. Chen".
function visitVars(parsed: Record<string, unknown>, fmt: (d: unknown) => string, language: Language) {
  const options = Array.isArray(parsed.options) ? (parsed.options as { at: Date; clinician: string }[]) : [];
  const nums = options.map((_, i) => String(i + 1));
  const or = language === "ES" ? " o " : " or ";
  return {
    options: options.map((o, i) => `${i + 1}) ${fmt(o.at)}, ${o.clinician}.`).join(" "),
    choices: nums.length > 1 ? `${nums.slice(0, -1).join(", ")}${or}${nums.at(-1)}` : "1",
    again: parsed.again === true,
    clinician: typeof parsed.clinician === "string" ? parsed.clinician : "",
    address: typeof parsed.address === "string" ? parsed.address : "",
  };
}

// appt.* reminders: the time in the clinic's own zone when known; notes end as sentences.
const clipText = (s: unknown, n: number) => (typeof s === "string" ? clip(s, n) : s);

const sentence = (s: unknown) =>
  typeof s === "string" && s.trim() ? (/[.!?…]$/.test(s.trim()) ? s.trim() : `${s.trim()}.`) : "";

function apptVars(parsed: Record<string, unknown>, language: Language) {
  const zone = typeof parsed.timeZone === "string" ? parsed.timeZone : null;
  return {
    parking: sentence(parsed.parking),
    prep: sentence(clipText(parsed.prep, 120)),
    building: sentence(parsed.building),
    ride: parsed.ride === true,
    ...(zone && parsed.at instanceof Date ? { time: formatLocalDateTime(parsed.at, zone, language) } : {}),
  };
}
