import { deserialize, serialize } from 'node:v8'
import { UnstorableValueError } from './types.js'

/**
 * A value as bytes for a shared store: `v8.serialize`, which keeps Map, Set, Date, BigInt and typed
 * arrays. A value it cannot copy (a function, a symbol, a socket) throws an error naming `what`.
 */
export function encodeValue(value: unknown, what: string): Buffer {
  try {
    return serialize(value)
  } catch (error) {
    throw new UnstorableValueError(what, error)
  }
}

/** A value back from the bytes {@link encodeValue} made. */
export function decodeValue(bytes: Buffer): unknown {
  return deserialize(bytes)
}
