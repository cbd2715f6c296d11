import { DEMO_PASSWORD, DEMO_STAFF } from "../prisma/seed.js";
import { startApp } from "./boot.js";
import { loadConfig } from "./config/index.js";
import { DataFolderInUseError } from "./db/data-folder-lock.js";
import { logger } from "./lib/logger.js";

async function main(): Promise<void> {
  let config: ReturnType<typeof loadConfig>;
  try {
    config = loadConfig();
  } catch (err) {
    console.error((err as Error).message);
    process.exit(2);
  }
  const app = await startApp(config);
  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info("shutting down", { signal });
    await app.stop();
    process.exit(0);
  };
  process.on("SIGINT", () => void shutdown("SIGINT"));
  process.on("SIGTERM", () => void shutdown("SIGTERM"));

  const lines = [
    "",
    `Sequora is running at ${app.url}  (mode: ${config.mode}, ${config.demo ? "demo mode" : "not demo mode"})`,
    ...(config.demo && config.realConfigured.length
      ? [`WARNING: demo mode was asked for alongside ${config.realConfigured.join(", ")}`]
      : []),
    // Printed only when the demo accounts are really there (never outside demo mode).
    ...(app.demoSignIns
      ? [
          `Demo sign-ins (password "${DEMO_PASSWORD}"${app.seeded ? "" : " unless changed"}):`,
          ...DEMO_STAFF.map(
            (s) =>
              `  ${s.role.padEnd(10)} ${s.email}${(s.languages as readonly string[]).includes("ES") ? "  (speaks Spanish)" : ""}`,
          ),
        ]
      : []),
    ...(app.hl7Mllp ? [`HL7 MLLP listener on ${app.hl7Mllp}`] : []),
    "Press Ctrl+C to stop.",
    "",
  ];
  process.stdout.write(`${lines.join("\n")}\n`);
}

main().catch((err: unknown) => {
  if (err instanceof DataFolderInUseError) {
    console.error(err.message);
    process.exit(1);
  }
  logger.error("start-up failed", { error: (err as Error)?.message?.slice(0, 300) });
  process.exit(1);
});
