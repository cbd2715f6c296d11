import { createDb, type Db } from "../../server/db/client.js";
import { createEmailTransport, type EmailTransport, loadEmailConfig } from "../../server/email/index.js";
import { type JobStarter, jobs } from "../../server/jobs/index.js";
import { createSmsService, loadSmsConfig, type SmsService } from "../../server/sms/index.js";

export interface TaskServices {
  db: Db;
  sms: SmsService;
  email: EmailTransport;
  jobs: JobStarter;
}

let services: TaskServices | undefined;

/**
 * Per-process services for task code. Tasks run in the app's process (embedded engine) or in
 * Trigger.dev's workers (connected mode), so they read their own configuration from the
 * environment rather than from the HTTP server's context.
 */
export function taskServices(): TaskServices {
  if (services) return services;
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error("DATABASE_URL is not set for Sequora's tasks");
  const db = createDb(url, { max: 10 });
  services = {
    db,
    sms: createSmsService({ db, config: loadSmsConfig(process.env) }),
    email: createEmailTransport(loadEmailConfig(process.env)),
    jobs,
  };
  return services;
}
