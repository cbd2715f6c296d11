import type { Db } from "../../db/client.js";
import { now } from "../../lib/clock.js";
import { AppError } from "../../lib/errors.js";
import { getProtocol } from "../../triage/index.js";
import type { Discharge } from "./intake-schema.js";

const DAY = 86_400_000;

/**
 * Patient (created or updated by MRN) and episode in one transaction. A patient already in an
 * active 30-day episode is refused rather than double-enrolled.
 */
export async function createEpisode(db: Db, input: Discharge, defaults: { hospitalName: string }) {
  if (input.dischargedAt.getTime() > now().getTime() + 60 * 60_000) {
    throw new AppError("INVALID_INPUT", "Discharge time is in the future");
  }
  if (input.dischargedAt.getTime() < now().getTime() - 30 * DAY) {
    throw new AppError("INVALID_INPUT", "Discharge was more than 30 days ago: nothing left to follow");
  }
  const protocolVersion = getProtocol(input.protocol).version;
  return db.$transaction(async (tx) => {
    const byPhone = await tx.patient.findUnique({ where: { phone: input.phone }, select: { mrn: true } });
    if (byPhone && byPhone.mrn !== input.mrn) {
      throw new AppError("CONFLICT", "That phone number belongs to another patient");
    }
    const patient = await tx.patient.upsert({
      where: { mrn: input.mrn },
      create: {
        mrn: input.mrn,
        firstName: input.firstName,
        lastName: input.lastName,
        phone: input.phone,
        preferredLanguage: input.preferredLanguage,
        timeZone: input.timeZone,
      },
      update: {
        firstName: input.firstName,
        lastName: input.lastName,
        phone: input.phone,
        preferredLanguage: input.preferredLanguage,
        timeZone: input.timeZone,
      },
      select: { id: true },
    });
    const active = await tx.episode.findFirst({
      where: { patientId: patient.id, status: "ACTIVE" },
      select: { id: true },
    });
    if (active) throw new AppError("CONFLICT", "This patient already has an active follow-up episode");
    const episode = await tx.episode.create({
      data: {
        patientId: patient.id,
        protocol: input.protocol,
        protocolVersion,
        hospitalName: input.hospitalName ?? defaults.hospitalName,
        dischargedAt: input.dischargedAt,
        closesAt: new Date(input.dischargedAt.getTime() + 30 * DAY),
        highRiskMedClasses: input.highRiskMedClasses,
      },
      select: { id: true, patientId: true },
    });
    return { episodeId: episode.id, patientId: episode.patientId };
  });
}
