// The waiting-run figures (`benchParked` in sequora.ts), measured in a process of their own so its
// RSS is the engine's. Arguments: database URL, executor threads; the bench's own options follow
// (`--waiting=N`). Prints `PARKED <json>` on stdout.
import { benchParkedHere, PARKED_PREFIX } from "./sequora.js";

const [databaseUrl, executors] = process.argv.slice(2);
if (!databaseUrl) throw new Error("usage: parked-process.ts <database url> <executor threads> [--waiting=N]");
const figures = await benchParkedHere(databaseUrl, Number(executors ?? 0));
process.stdout.write(`${PARKED_PREFIX}${JSON.stringify(figures)}\n`);
// The engine is stopped; pools or timers left by the SDK must not keep the figures waiting.
process.exit(0);
