import { isDeepStrictEqual } from 'node:util'

/**
 * Deep equality for the values states hold: JSON data plus Map, Set, Date, RegExp and typed arrays.
 * A list mutated in place compares unequal to its copy from before the call, which is how change is
 * seen. (Node's own comparison looks at prototypes, not at a `constructor` key, which is data here.)
 */
export const equal: (a: unknown, b: unknown) => boolean = isDeepStrictEqual

/** A deep copy, so that no two sessions and no function and the store ever share an object. */
export function copy<T>(value: T): T {
  if (typeof value !== 'object' || value === null) return value
  return structuredClone(value)
}

/** Like {@link copy}, but a value that cannot be copied is reported under the state's name. */
export function copyState<T>(name: string, value: T): T {
  try {
    return copy(value)
  } catch (error) {
    throw new Error(
      `state '${name}' holds a value that cannot be copied (${(error as Error).message}); ` +
        `states hold data (JSON, Map, Set, Date, typed arrays): keep objects such as connections in a private state with a factory`,
    )
  }
}

export function isPromiseLike(x: unknown): x is PromiseLike<unknown> {
  return typeof (x as PromiseLike<unknown> | null)?.then === 'function'
}

/** A generator object, sync or async: what calling a `function*` or `async function*` returns. */
export function isGenerator(x: unknown): x is Generator | AsyncGenerator {
  if (typeof x !== 'object' || x === null) return false
  const g = x as Partial<Generator>
  return typeof g.next === 'function' && typeof g.throw === 'function' &&
    (Symbol.iterator in x || Symbol.asyncIterator in x)
}
