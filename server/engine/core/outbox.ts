// Messages between the engine thread and its executor threads go out once per event-loop turn, as
// one array. Each postMessage wakes the other thread, a system call that costs about 0.2 ms on the
// small VMs we measure on (an executor thread spent 0.85 s of 27 s on the "leg" messages of 4,000
// resumed runs), and many runs start and end in the same turn (a claim of many, a group write).

/** A sender that gathers messages and posts them together in `setImmediate`, in order. */
export function outbox<T>(post: (batch: T[]) => void): (msg: T) => void {
  let queue: T[] = [];
  const flush = () => {
    const batch = queue;
    queue = [];
    post(batch);
  };
  return (msg) => {
    queue.push(msg);
    if (queue.length === 1) setImmediate(flush);
  };
}
