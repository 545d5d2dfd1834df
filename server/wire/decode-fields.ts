// The readers of a browser's message fields: each returns the field checked, or throws an Error
// that names it (the decoder turns it into the frame's failure).
import type { DecodeLimits } from './decode.js'

export function isRecord(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x)
}

export function int(x: unknown, field: string): number {
  if (!Number.isSafeInteger(x)) throw new Error(`'${field}' must be an integer`)
  return x as number
}

export function str(x: unknown, field: string): string {
  if (typeof x !== 'string' || x.length === 0 || x.length > 200) throw new Error(`'${field}' must be a non-empty string of at most 200 characters`)
  return x
}

export function list(x: unknown, field: string, limits: DecodeLimits, what = 'items'): unknown[] {
  if (!Array.isArray(x)) throw new Error(`'${field}' must be a list${what === 'names' ? ' of names' : ''}`)
  if (x.length > limits.maxNames) throw new Error(`'${field}' lists ${x.length} ${what}, more than the limit of ${limits.maxNames}`)
  return x
}

export function names(x: unknown, field: string, limits: DecodeLimits): string[] {
  return list(x, field, limits, 'names').map((n, i) => str(n, `${field}[${i}]`))
}

/**
 * An object of values by name. JSON.parse makes every key, `__proto__` included, an own data
 * property, so the object is safe to read with Object.entries (never to merge into another).
 */
export function record(x: unknown, field: string): Record<string, unknown> {
  if (!isRecord(x)) throw new Error(`'${field}' must be an object`)
  return x
}
