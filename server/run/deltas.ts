import type { UpdateMessage } from '../protocol.js'
import { equal } from './values.js'

/** What an update sends instead of a value that only grew: the text to add at `path` in the value the page holds. */
export interface Append {
  path: Array<string | number>
  text: string
}

const MAX_DEPTH = 8

/**
 * Whether `next` is `previous` with one string somewhere in it grown at its end (a streamed reply):
 * then the page needs only that increment, so a chunk costs the same bytes however long the
 * message is. Objects unchanged between steps are the same objects (a generator's history), so the
 * comparison is quick; anything else is a whole new value.
 */
export function appendOf(previous: unknown, next: unknown, depth = 0): Append | undefined {
  if (typeof previous === 'string' && typeof next === 'string') {
    // Not startsWith: on a string built by `+=` (a rope) it walks the rope per character, O(n²) per reply.
    return next.length > previous.length && next.slice(0, previous.length) === previous ? { path: [], text: next.slice(previous.length) } : undefined
  }
  if (depth > MAX_DEPTH || typeof previous !== 'object' || typeof next !== 'object' || previous === null || next === null) return undefined
  const list = Array.isArray(next)
  if (Array.isArray(previous) !== list) return undefined
  // A list is walked by index: its keys are never made as strings.
  if (list) {
    if ((previous as unknown[]).length !== next.length) return undefined
    let found: Append | undefined
    for (let i = 0; i < next.length; i++) {
      const step = grownAt(i, (previous as unknown[])[i], next[i], depth, found)
      if (step === NOT) return undefined
      found = step
    }
    return found
  }
  const keys = Object.keys(next)
  if (keys.length !== Object.keys(previous).length) return undefined
  let found: Append | undefined
  for (const key of keys) {
    if (!Object.hasOwn(previous, key)) return undefined
    const step = grownAt(key, (previous as Record<string, unknown>)[key], (next as Record<string, unknown>)[key], depth, found)
    if (step === NOT) return undefined
    found = step
  }
  return found
}

/** Not a value that only grew at one string. */
const NOT = Symbol('not')

/** The growth found so far, with what `before` to `after` at `key` adds to it; {@link NOT} when they differ otherwise. */
function grownAt(key: string | number, before: unknown, after: unknown, depth: number, found: Append | undefined): Append | undefined | typeof NOT {
  if (before === after) return found
  // The growth is looked for first: the message that grew is then never compared deeply.
  const inner = appendOf(before, after, depth + 1)
  if (!inner) return equal(before, after) ? found : NOT
  if (found) return NOT
  return { path: [key, ...inner.path], text: inner.text }
}

/**
 * Puts a control's new value in `update`: as an increment when one was found (a chat listener's
 * streamed reply, see {@link appendOf}), else whole. A chat's first write in an event is always whole
 * (the page sent its action, not the messages), so a replay of the event's updates to a resumed page
 * starts from a whole value.
 */
export function sendValue(update: UpdateMessage, name: string, value: unknown, append: Append | undefined): void {
  if (append) (update.append ??= Object.create(null) as Record<string, Append>)[name] = append
  else (update.values ??= Object.create(null) as Record<string, unknown>)[name] = value
}
