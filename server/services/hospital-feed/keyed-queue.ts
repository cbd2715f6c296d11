/**
 * Runs work in arrival order per key (one patient's messages never overtake each other: an A01
 * after an A03 applies after it) and at most `limit` keys at once, so acting on messages can never
 * take every database connection from the listener that stores and acknowledges them.
 */
export class KeyedQueue {
  private readonly tails = new Map<string, Promise<void>>();
  private readonly pending = new Set<string>();
  private readonly waiting: (() => void)[] = [];
  private active = 0;

  constructor(private readonly limit: number) {}

  /** True while the item with this id is queued or running. */
  has(id: string): boolean {
    return this.pending.has(id);
  }

  get size(): number {
    return this.pending.size;
  }

  run<T>(key: string, id: string, work: () => Promise<T>): Promise<T> {
    this.pending.add(id);
    const previous = this.tails.get(key) ?? Promise.resolve();
    const result = previous.then(() => this.withSlot(work));
    const tail = result.then(
      () => undefined,
      () => undefined,
    );
    this.tails.set(key, tail);
    void tail.then(() => {
      this.pending.delete(id);
      if (this.tails.get(key) === tail) this.tails.delete(key);
    });
    return result;
  }

  /** Resolves once everything queued so far (and anything it queued meanwhile) has run. */
  async drain(): Promise<void> {
    while (this.tails.size > 0) await Promise.all([...this.tails.values()]);
  }

  private async withSlot<T>(work: () => Promise<T>): Promise<T> {
    // A finished item hands its slot straight to the next waiter, so the limit is never exceeded.
    if (this.active >= this.limit) await new Promise<void>((resolve) => this.waiting.push(resolve));
    else this.active++;
    try {
      return await work();
    } finally {
      const next = this.waiting.shift();
      if (next) next();
      else this.active--;
    }
  }
}
