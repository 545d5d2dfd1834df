import type { UpdateMessage } from '../protocol.js'
import type { EventScope, Opened } from '../run/scope.js'
import { GError } from '../run/outputs.js'
import { copy, equal } from '../run/values.js'
import { isOldFormat, type TokenBinding } from './seal.js'
import { logRarely } from '../rare-log.js'

/**
 * A browser state's value from what the page sent: the value itself when plain, else a sealed
 * token opened here. No token, or one that cannot be opened or is older than `maxAge`, gives the
 * default (and, for the latter, a warning in the server log, never an error for the user).
 */
export async function browserValue(scope: EventScope, name: string): Promise<Opened> {
  const known = scope.browser?.get(name)
  if (known) return known
  const spec = scope.session.graph.browser.get(name)!
  const sent = scope.controls.get(name)
  let opened: Opened = { value: copy(spec.value ?? null), stale: false }
  if (spec.plain) {
    if (sent !== undefined) opened = { value: sent, stale: false }
  } else if (sent !== undefined && sent !== null) {
    const { core } = scope.session
    const found = typeof sent === 'string' ? await core.sealer().open(sent, bindingOf(scope, name, spec.key)) : undefined
    const why = found ? tooOld(found.sealedAt, core.options.maxAge) : cannotOpen(sent)
    if (why === undefined) opened = { value: found!.value, stale: found!.stale }
    else {
      // Any page can send tokens that do not open, at will: the same warning is logged once a minute.
      logRarely(core, `browser state ${name}: ${why.replace(/\d+/g, '#')}`, `browser state '${name}' in session ${scope.session.id}: ${why}; using the default`)
      opened.stale = true // the page's token is replaced at the next write, even of the default
    }
  }
  ;(scope.browser ??= new Map()).set(name, opened)
  return opened
}

/** A browser state's value as JSON, within the size limit. */
export function browserJson(scope: EventScope, name: string, value: unknown): string {
  const json = JSON.stringify(value ?? null)
  const limit = scope.session.core.options.maxBrowserState
  if (json.length > limit) throw new GError(`browser state '${name}' would hold ${json.length} characters of JSON, over the limit of ${limit}`)
  return json
}

/**
 * Writes a browser state: the value (plain) or a token to send, if it changed or its token was
 * stale. `json` is the value as {@link browserJson} gave it, checked before anything was written.
 */
export async function writeBrowser(scope: EventScope, name: string, value: unknown, json: string, update: UpdateMessage, changed: Set<string>): Promise<void> {
  const { core } = scope.session
  const spec = scope.session.graph.browser.get(name)!
  const current = await browserValue(scope, name)
  const isChange = !equal(current.value, value)
  if (!isChange && !current.stale) return
  const stored = JSON.parse(json) as unknown
  const wire = spec.plain ? stored : await core.sealer().seal(stored, bindingOf(scope, name, spec.key))
  ;(scope.browser ??= new Map()).set(name, { value: stored, stale: false })
  scope.controls.set(name, wire)
  if (!isChange) return void ((update.resealed ??= Object.create(null) as Record<string, string>)[name] = wire as string)
  ;(update.values ??= Object.create(null) as Record<string, unknown>)[name] = wire
  changed.add(name)
}

// --- internal ---

/** What a browser state's tokens are bound to in this session: its app (the base path its page reached), its name, its key. */
function bindingOf(scope: EventScope, name: string, key: string): TokenBinding {
  return { app: scope.session.request.base ?? '', name, key }
}

/** Why a token that did not open was refused. */
function cannotOpen(token: unknown): string {
  if (isOldFormat(token)) return 'its token is of the older format g1 (not bound to the app and the name), which this server no longer opens'
  return 'its token cannot be opened (tampered, truncated, sealed with another secret, or for another app, name or key)'
}

/** Why a token sealed at `sealedAt` is refused under `maxAge` seconds, if it is. */
function tooOld(sealedAt: number, maxAge: number | undefined): string | undefined {
  if (maxAge === undefined) return undefined
  const age = Math.floor((Date.now() - sealedAt) / 1000)
  return age > maxAge ? `its token was sealed ${age} s ago, longer than maxAge (${maxAge} s)` : undefined
}
