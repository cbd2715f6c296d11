import { startEmbeddedPostgres } from "../server/db/embedded-postgres.js";
const h = await startEmbeddedPostgres({ dataDir: "/work/main/.data/pg-scratch", port: 54399 });
console.log("READY", h.adminUrl);
process.on("SIGTERM", async () => { await h.stop(); process.exit(0); });
setInterval(() => {}, 1000);
