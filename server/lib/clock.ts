// Captured when this module loads (the logger imports it, so before the embedded engine can shift
// Date). The engine builds its shifted Date on this clock: createEngine({ wallClock: wallClockNowMs }).
const RealDate = Date;

// The one source of "now" for services and tasks. In embedded mode the run engine shifts the
// process clock forward (demo / tests run a 30-day episode in minutes), and that shift must be
// seen by the Trigger.dev SDK too, which calls Date.now() itself; so the engine moves time at
// the process level and this module simply reads it. Never call Date.now() elsewhere.
export function now(): Date {
  return new Date();
}

export function nowMs(): number {
  return now().getTime();
}

/**
 * Real-world time, unaffected by the embedded engine's virtual clock. Only for security controls
 * such as session expiry: a demo that jumps ten days ahead must not sign everyone out, and must not
 * keep a stolen session alive either.
 */
export function wallClockNow(): Date {
  return new RealDate(RealDate.now());
}

export function wallClockNowMs(): number {
  return RealDate.now();
}
