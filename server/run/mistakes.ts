import type { ListenerSpec } from '../protocol.js'
import type { AppCore } from '../core.js'
import type { Step } from './context.js'
import type { NameKind } from './graph.js'
import { stateValue, type EventScope } from './scope.js'
import { GError } from './outputs.js'
import { copy, equal } from './values.js'

/**
 * A page author's mistakes that would otherwise pass in silence, found while a listener runs: a
 * function that changes a state it was given but does not give back (the change would be dropped),
 * and a value that a control cannot show. Each fails its listener with a message for the page and
 * is logged once per app.
 */

/** What a kind of control shows, and whether a value is one. */
export interface ControlShows {
  kind: string
  what: string
  fits(value: unknown): boolean
}

/**
 * The controls of a page whose kind it declares (`graph.kinds`, the element's tag without `g-`)
 * and whose values the server can check; kinds it does not know (an element of the page's own,
 * `json`) take any value.
 */
export function controlShows(declared: Record<string, string> | undefined, kinds: ReadonlyMap<string, NameKind>): Map<string, ControlShows> | undefined {
  let shows: Map<string, ControlShows> | undefined
  for (const [name, kind] of Object.entries(declared ?? {})) {
    if (kinds.get(name) === 'control' && Object.hasOwn(SHOWS, kind)) (shows ??= new Map()).set(name, SHOWS[kind]!)
  }
  return shows
}

/** Throws (and logs) when `value` is nothing the control `name` can show. */
export function checkShown(scope: EventScope, l: ListenerSpec, name: string, value: unknown): void {
  const shows = scope.session.graph.shows?.get(name)
  if (!shows || shows.fits(value)) return
  fail(scope, `'${l.fn}' gave the ${shows.kind} '${name}' ${typeOf(value)}, which a ${shows.kind} cannot show: it shows ${shows.what}`)
}

/**
 * Throws (and logs) when the function changed a state or global it took as input that is not among
 * its outputs (nor set with `ctx.session.set`): the change would be dropped. Only such inputs are
 * compared; a listener with none (a state both input and output, as a cart's) pays one lookup.
 */
export function checkInputsKept(scope: EventScope, l: ListenerSpec, args: readonly unknown[], step: Step): void {
  const watched = readOnlyInputs(scope.session.graph.kinds, l)
  if (!watched.length) return
  const { core } = scope.session
  for (const i of watched) {
    const name = l.inputs[i]!
    const arg = args[i]
    if (typeof arg !== 'object' || arg === null || step.pending?.has(name)) continue
    const global = scope.session.graph.kinds.get(name) === 'global'
    const stored = global ? core.globals.get(name)!.value : stateValue(scope, name)
    // A value that does not survive a copy unchanged (a class instance) cannot be told apart: let it pass.
    if (equal(arg, stored) || !equal(copy(stored), stored)) continue
    const what = global ? 'global' : 'state'
    fail(scope, `'${l.fn}' changed the ${what} '${name}' it was given, but '${name}' is not among the listener's outputs, so the change is dropped: ` +
      `add '${name}' to its outputs and return it, or do not change the input`)
  }
}

/** Logs a page author's mistake once per app, however many pages (or scripts) repeat it. */
export function logMistake(core: Pick<AppCore, 'log'>, message: string): void {
  let seen = logged.get(core)
  if (!seen) logged.set(core, (seen = new Set()))
  if (seen.has(message)) return
  if (seen.size >= MAX_LOGGED) seen.clear()
  seen.add(message)
  core.log.warn(`[g-kit] ${message}`)
}

// --- internal ---

const MAX_LOGGED = 256
const logged = new WeakMap<object, Set<string>>()

function fail(scope: EventScope, message: string): never {
  logMistake(scope.session.core, message)
  throw new GError(message)
}

/** Positions of a listener's inputs that are states or globals it does not write (memoized: a compiled graph does not change). */
const readOnly = new WeakMap<ListenerSpec, readonly number[]>()
function readOnlyInputs(kinds: ReadonlyMap<string, NameKind>, l: ListenerSpec): readonly number[] {
  let found = readOnly.get(l)
  if (!found) {
    found = l.inputs.flatMap((name, i) => {
      const kind = kinds.get(name)
      return (kind === 'state' || kind === 'global') && !l.outputs.includes(name) ? [i] : []
    })
    readOnly.set(l, found)
  }
  return found
}

const isText = (v: unknown) => v === null || typeof v === 'string'
const isChoice = (v: unknown) => v === null || typeof v === 'string' || typeof v === 'number'
const isChoiceList = (v: unknown) => Array.isArray(v) && v.every((c) => typeof c === 'string' || typeof c === 'number')
const isMessage = (v: unknown) => typeof v === 'object' && v !== null && !Array.isArray(v)

const SHOWS: Record<string, ControlShows> = Object.create(null)
for (const [kind, what, fits] of [
  ['textbox', 'text (a string or a number)', isChoice],
  ['number', 'a number (or null for none)', (v) => v === null || typeof v === 'number'],
  ['slider', 'a number', (v) => typeof v === 'number'],
  ['checkbox', 'true or false', (v) => typeof v === 'boolean'],
  ['checkbox-group', 'a list of choices (strings or numbers)', isChoiceList],
  ['radio', 'one choice (a string or a number, or null for none)', isChoice],
  ['dropdown', 'a choice, or a list of choices', (v) => isChoice(v) || isChoiceList(v)],
  ['button', 'a value (a string or a number)', isChoice],
  ['markdown', 'Markdown (a string)', isText],
  ['html', 'HTML (a string)', isText],
  ['image', 'a URL or data URL (a string)', isText],
  ['chatbot', 'a list of {role, content} messages', (v) => v === null || (Array.isArray(v) && v.every(isMessage))],
] as Array<[string, string, (v: unknown) => boolean]>) {
  SHOWS[kind] = { kind, what, fits }
}

function typeOf(value: unknown): string {
  if (value === null) return 'null'
  if (Array.isArray(value)) return 'an array'
  if (typeof value === 'object') return 'an object'
  return `a ${typeof value}`
}
