import type { JobStarter } from "../server/jobs/index.js";

/** A job starter that records what would have been started (for service tests without the engine). */
export function recordingJobs(): JobStarter & { started: string[] } {
  const started: string[] = [];
  const note = (what: string) => {
    started.push(what);
    return `run_${started.length}`;
  };
  return {
    started,
    enroll: async (e) => note(`enroll:${e.id}`),
    routeInbound: async (id) => void note(`routeInbound:${id}`),
    assign: async (t) => void note(`assign:${t.id}`),
    reassignAfterRelease: async (t) => void note(`reassign:${t.id}`),
    monitorSla: async (t) => note(`monitorSla:${t.id}`),
    afterResolve: async (t) => void note(`afterResolve:${t.id}`),
    remindAppointment: async (a) => note(`remindAppointment:${a.id}`),
    offerVisit: async (o) => void note(`offerVisit:${o.key}`),
    visitRequest: async (r) => note(`visitRequest:${r.id}`),
    resumeVisitRequest: async (id) => void note(`resumeVisitRequest:${id}`),
    afterVisit: async (a) => void note(`afterVisit:${a.id}`),
    cancel: async (id) => void note(`cancel:${id}`),
  };
}
