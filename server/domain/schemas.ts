import { z } from "zod";
import { DISPOSITIONS, TASK_PRIORITIES } from "./escalation.js";
import { MEDICATION_CLASSES } from "./medications.js";
import { PROTOCOL_IDS } from "./protocols.js";
import { SEVERITIES } from "./severity.js";

// zod schemas over the vocabulary, kept apart from the plain lists so that a browser chunk which only
// needs a label does not load zod (the SPA imports the list modules directly, not index.ts).
export const protocolIdSchema = z.enum(PROTOCOL_IDS);
export const severitySchema = z.enum(SEVERITIES);
export const taskPrioritySchema = z.enum(TASK_PRIORITIES);
export const dispositionSchema = z.enum(DISPOSITIONS);
export const medicationClassSchema = z.enum(MEDICATION_CLASSES);

/** A reason code as stored on a task and accepted in filters (the protocols may add codes; none is lost). */
export const reasonCodeSchema = z.string().regex(/^[A-Z0-9_]{2,64}$/);
