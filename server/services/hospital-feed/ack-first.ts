// The ACK first. Storing and acknowledging a message and acting on stored ones share this process's
// one event loop; under a burst, acting (a handful of queries per message) would delay every ACK
// behind it, and senders wait for each ACK before their next message. So acting yields: it starts
// when no message is waiting for its ACK, or after a short wait at most, and catches up after the
// burst. The message is already stored durably, so a lag here loses nothing.

let acking = 0;
let quiet: (() => void)[] = [];

/** Runs one message's store-and-ACK, counted as a message waiting for its ACK. */
export async function withAckPriority<T>(work: () => Promise<T>): Promise<T> {
  acking++;
  try {
    return await work();
  } finally {
    acking--;
    if (acking === 0 && quiet.length > 0) {
      const waiters = quiet;
      quiet = [];
      for (const wake of waiters) wake();
    }
  }
}

/** Resolves when no message waits for its ACK, or after `maxWaitMs`, whichever comes first. */
export function acksQuiet(maxWaitMs: number): Promise<void> {
  if (acking === 0) return Promise.resolve();
  return new Promise((resolve) => {
    const wake = () => {
      clearTimeout(timer);
      quiet = quiet.filter((w) => w !== wake);
      resolve();
    };
    const timer = setTimeout(wake, maxWaitMs);
    quiet.push(wake);
  });
}
