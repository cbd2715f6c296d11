export { jobKeys, jobTags } from "./keys.js";
export { JOB_PAYLOADS, type JobId, type JobPayload } from "./payloads.js";
export { type JobStarter, jobs, startEhrNoteSend } from "./starter.js";
