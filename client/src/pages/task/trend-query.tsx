import { useQuery } from "@tanstack/react-query";
import type { RouterOutputs } from "../../lib/api-types";
import { useTRPC } from "../../lib/trpc";

export type PatientTrends = NonNullable<RouterOutputs["trends"]["patient"]>;

/**
 * One query for the summary line and the charts (same key, one request), refreshed as the task
 * and patient pages refresh their other live parts: a new reply shows within seconds.
 */
export function usePatientTrends(patientId: string) {
  const trpc = useTRPC();
  return useQuery({ ...trpc.trends.patient.queryOptions({ patientId }), refetchInterval: 10_000 });
}
