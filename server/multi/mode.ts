import { randomBytes } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import type { SessionStore, SharedStore } from '../store/types.js'
import { memoryStore } from '../store/memory.js'
import { redisStore } from '../store/redis.js'
import type { SessionLeases } from './leases.js'

/**
 * How an app runs when its sessions live in a store that several instances share: the store, this
 * instance's name (the owner of the leases it takes), and a promise of what must be read from the
 * store before the first page is served (the sealing secret).
 */
export interface SharedMode {
  store: SharedStore
  /** This process's name in leases: random, so that a restarted instance is another owner. */
  instance: string
  /** How long a lease lasts unless renewed (ms): an instance that dies frees its sessions after it. */
  leaseMs: number
  /** The session leases this instance keeps between events. */
  leases: SessionLeases
  /** Settles once the app may serve pages (the shared secret is known). */
  ready: Promise<void>
  /** Keeps a write in flight (logging its failure), for `app.close()` to wait for. */
  track(write: Promise<unknown>): void
  /** Resolves once every tracked write has settled. */
  settled(): Promise<void>
}

/** Where sessions live, as resolved from the options; `shared` is set when several instances may share them. */
export interface ResolvedStore {
  store: SessionStore
  shared?: Pick<SharedMode, 'store' | 'instance' | 'leaseMs'>
}

/**
 * The app's store: `'memory'` (the default), a `redis://` or `rediss://` URL (the default is taken
 * from `G_REDIS_URL` when `store` is not given), or a store object. A Redis store's keys start with
 * `g-kit:<id>:`, `id` being the app's identity on every instance.
 */
export function resolveStore(option: unknown, id: string, leaseMs: number): ResolvedStore {
  const url = option === undefined ? process.env.G_REDIS_URL || undefined : option
  if (url === undefined || url === 'memory') return { store: memoryStore() }
  if (typeof url === 'string' && /^rediss?:\/\//.test(url)) return shared(redisStore(url, { prefix: `g-kit:${id}:` }), leaseMs)
  if (isStore(url)) return isShared(url) ? shared(url, leaseMs) : { store: url }
  throw new Error(`[g-kit] store: ${JSON.stringify(url)} is not a store: use 'memory' (the default), a redis:// URL, or an object with load, save and delete`)
}

/**
 * The app's identity in a shared store, the same on every instance: the `id` option, else
 * `G_APP_ID`, else the `name` in the working directory's package.json, else `'app'`.
 */
export function resolveAppId(option: string | undefined): string {
  const id = option ?? (process.env.G_APP_ID || packageName() || 'app')
  if (!/^[\w.@/-]{1,200}$/.test(id)) throw new Error(`[g-kit] id: ${JSON.stringify(id)} is not an app id (letters, digits, _ . @ / and -)`)
  return id
}

/** The writes of `mode` in flight, logged when they fail. */
export function writesInFlight(log: Pick<Console, 'error'>): Pick<SharedMode, 'track' | 'settled'> {
  const writes = new Set<Promise<unknown>>()
  return {
    track(write) {
      const tracked = write.catch((error: unknown) => log.error('[g-kit] a write to the shared store failed:', error)).finally(() => writes.delete(tracked))
      writes.add(tracked)
    },
    async settled() {
      while (writes.size) await Promise.all(writes)
    },
  }
}

/** A sealing secret for the app, stored once in the shared store: every instance reads the same. */
export function sharedSecret(store: SharedStore): Promise<string> {
  return store.secret(randomBytes(32).toString('base64url'))
}

// --- internal ---

function shared(store: SharedStore, leaseMs: number): ResolvedStore {
  return { store, shared: { store, instance: randomBytes(12).toString('base64url'), leaseMs } }
}

function isStore(store: unknown): store is SessionStore {
  const candidate = store as Partial<SessionStore> | null
  return typeof candidate === 'object' && candidate !== null && typeof candidate.load === 'function' && typeof candidate.save === 'function'
}

/** A store with everything instances need to share sessions (a memory store given explicitly counts too). */
function isShared(store: SessionStore): store is SharedStore {
  const methods: Array<keyof SharedStore> = ['putRecord', 'getRecord', 'commit', 'acquire', 'renew', 'release', 'claimDue', 'settle', 'schedule', 'readGlobals', 'writeGlobal', 'watchGlobals', 'admit', 'keepLive', 'secret']
  return methods.every((method) => typeof (store as Partial<SharedStore>)[method] === 'function')
}

function packageName(): string | undefined {
  try {
    const { name } = JSON.parse(readFileSync(resolve('package.json'), 'utf8')) as { name?: unknown }
    return typeof name === 'string' ? name : undefined
  } catch {
    return undefined
  }
}
