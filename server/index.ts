/**
 * `g-kit/server`: the server side of g-kit.
 *
 * @example
 * import { createApp } from 'g-kit/server'
 * const app = createApp({ static: 'public' })
 * app.fn('add_items', (items: string[], cart: string[]) => [...cart, ...items])
 * await app.listen({ port: 7860 })
 */
export { createApp, type App, type AppOptions } from './app.js'
export { GError, update, type OutputUpdate } from './run/outputs.js'
export { html, escapeHtml, SafeHtml } from './run/html.js'
export { listen, type ListenOptions, type Listening } from './http/listen.js'
export { memoryStore } from './store/memory.js'
export { redisStore, type RedisStoreOptions } from './store/redis.js'
export {
  UnstorableValueError,
  type SessionStore,
  type SharedStore,
  type SessionRecord,
  type SessionRecordFields,
  type Commit,
  type CommitOutcome,
  type DueClaim,
  type GlobalValue,
  type GlobalNotice,
} from './store/types.js'
export type { AppFunction, ConnectionHandler, FnWiring, StateOptions, UnloadHandler } from './core.js'
export type { GlobalHandle } from './shared/globals.js'
export type { FnContext, SessionHandle, EventInfo, RequestInfo } from './run/context.js'
