/** One printed figure of `npm run bench`. */
export interface BenchResult {
  group: string;
  name: string;
  value: number;
  unit: string;
  /** Human-readable goal, e.g. "< 50 ms"; printed beside the figure. */
  goal?: string;
  /** Whether the figure meets the goal (undefined when there is none). */
  ok?: boolean;
}

/** Every `bench/*.bench.ts` exports `run` returning its figures; `bench/run.ts` prints them all. */
export type BenchModule = { run: () => Promise<BenchResult[]> };
