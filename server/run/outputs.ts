import type { OutputProps } from '../protocol.js'

/**
 * An error whose message is shown to the user. Any other error a function throws shows a
 * generic message; its details go to the server log only.
 *
 * @example throw new GError('The cart is full')
 */
export class GError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options)
    this.name = 'GError'
  }
}

/** What {@link update} takes: a new value and/or new properties for one output. */
export interface OutputUpdate extends OutputProps {
  value?: unknown
}

const UPDATE = Symbol.for('g-kit.update')

/**
 * Changes an output's properties as well as (or instead of) its value.
 *
 * @example return update({ value: '', label: 'Try again', interactive: true })
 */
export function update(props: OutputUpdate): OutputUpdate {
  return Object.defineProperty({ ...props }, UPDATE, { value: true })
}

/** One output's share of a function's result. */
export interface OutputWrite {
  /** Whether the value is to be written (`undefined` leaves an output untouched). */
  hasValue: boolean
  value?: unknown
  props?: OutputProps
}

/**
 * Spreads a function's return value over its outputs: one value for one output, an array
 * (positional) or an object keyed by output name for several. Returns one write per output, in
 * the order of `outputs`. Throws an error that names the problem when the shape does not fit.
 */
export function spreadOutputs(result: unknown, outputs: readonly string[], fn: string): OutputWrite[] {
  if (outputs.length === 0) return []
  if (outputs.length === 1) return [toWrite(result)]
  const list = `${outputs.length} outputs (${outputs.join(', ')})`
  if (Array.isArray(result)) {
    if (result.length !== outputs.length) throw new GError(`'${fn}' returned ${result.length} values for ${list}`)
    return outputs.map((_, i) => toWrite(result[i]))
  }
  if (isPlainObject(result) && !(UPDATE in result)) {
    for (const key of Object.keys(result)) {
      if (!outputs.includes(key)) throw new GError(`'${fn}' returned a value for '${key}', which is not one of its ${list}`)
    }
    return outputs.map((name) => toWrite(Object.hasOwn(result, name) ? result[name] : undefined))
  }
  throw new GError(`'${fn}' returned ${describe(result)} for ${list}: return an array, or an object keyed by output name`)
}

/**
 * Throws an error for the page, naming the output and the problem, when a value cannot travel to
 * the page as JSON (a BigInt, a cycle, a `toJSON` that throws): the listener fails, nothing else.
 */
export function assertSendable(value: unknown, output: string, fn: string): void {
  if (value === null || value === undefined || typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return
  try {
    JSON.stringify(value)
  } catch (error) {
    const problem = error instanceof Error ? error.message.split('\n')[0] : String(error)
    throw new GError(`'${fn}' returned a value for '${output}' that cannot be sent to the page (${problem}): return JSON data`)
  }
}

// --- internal ---

function toWrite(x: unknown): OutputWrite {
  if (x === undefined) return { hasValue: false }
  if (typeof x !== 'object' || x === null || !(UPDATE in x)) return { hasValue: true, value: x }
  const { value, ...props } = x as OutputUpdate
  const write: OutputWrite = { hasValue: 'value' in x && value !== undefined, value }
  if (Object.keys(props).length) write.props = props
  return write
}

function isPlainObject(x: unknown): x is Record<string, unknown> {
  if (typeof x !== 'object' || x === null) return false
  const proto = Object.getPrototypeOf(x)
  return proto === Object.prototype || proto === null
}

function describe(x: unknown): string {
  if (x === null) return 'null'
  if (typeof x === 'object') return `a ${x.constructor?.name ?? 'object'}`
  return `a ${typeof x}`
}
