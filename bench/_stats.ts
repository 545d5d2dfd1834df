/** Summaries of timing samples. */

/** The value at quantile `q` (0–1) of `sorted`, nearest rank. */
export function quantile(sorted: ArrayLike<number>, q: number): number {
  if (!sorted.length) throw new Error('quantile of no samples')
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))
  return sorted[rank]!
}

export interface Summary {
  count: number
  median: number
  p99: number
  mean: number
}

export function summarize(samples: ArrayLike<number>): Summary {
  const sorted = Float64Array.from(samples).sort()
  let sum = 0
  for (const x of sorted) sum += x
  return { count: sorted.length, median: quantile(sorted, 0.5), p99: quantile(sorted, 0.99), mean: sum / sorted.length }
}

export function median(samples: ArrayLike<number>): number {
  return summarize(samples).median
}

/** Runs the garbage collector to a fixed point (as far as two full collections get); needs `--expose-gc`. */
export function collectGarbage(): void {
  if (!globalThis.gc) throw new Error('run node with --expose-gc (npm run bench does)')
  globalThis.gc()
  globalThis.gc()
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms))
