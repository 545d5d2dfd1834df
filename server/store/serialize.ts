import { deserialize, serialize } from 'node:v8'
import { UnstorableValueError } from './types.js'

/** The first byte of every `v8.serialize` output (its version tag): no JSON text starts with it. */
const V8_TAG = 0xff

/**
 * A value as bytes for a shared store: `v8.serialize`, which keeps Map, Set, Date, BigInt and typed
 * arrays. A value it cannot copy (a function, a symbol, a socket) throws an error naming it
 * (the `kind` of value and its `name`: a state's, a global's, an event id).
 *
 * A value JSON keeps exactly (a string, a finite number but -0, a boolean, null, or an array of
 * strings such as an event's result) is written as JSON text instead: most values are such, and a
 * command of text alone costs the store's client much less than one that carries buffers.
 */
export function encodeValue(value: unknown, kind: 'state' | 'global' | 'result', name: string): Buffer | string {
  if (keptByJson(value)) return JSON.stringify(value)
  try {
    return serialize(value)
  } catch (error) {
    throw new UnstorableValueError(kind === 'result' ? `the result of event ${name}` : `${kind} '${name}'`, error)
  }
}

/** A value back from the bytes {@link encodeValue} made. */
export function decodeValue(bytes: Buffer): unknown {
  return bytes[0] === V8_TAG ? deserialize(bytes) : JSON.parse(bytes.toString())
}

function keptByJson(value: unknown): boolean {
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return true
    case 'number':
      return Number.isFinite(value) && !Object.is(value, -0)
    case 'object':
      return value === null || (Array.isArray(value) && allStrings(value))
    default:
      return false
  }
}

/** Whether every slot of `array` holds a string (a hole does not). */
function allStrings(array: unknown[]): boolean {
  for (let i = 0; i < array.length; i++) if (typeof array[i] !== 'string') return false
  return true
}
