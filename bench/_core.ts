// An app's internals, for the in-process figures: sessions are opened and events run as the socket
// hook (server/socket.ts) does, without sockets.
import { createApp, coreOf, type App, type AppOptions } from '../server/app.js'
import type { AppCore, AppFunction, StateOptions } from '../server/core.js'
import { openSession } from '../server/session/sessions.js'
import { runEvent } from '../server/run/run.js'
import type { AppGraph, ClientMessage } from '../server/protocol.js'
import { decodeClientMessage } from '../server/wire/decode.js'
import type { Session } from '../server/session/session.js'

export interface BenchCore {
  app: App
  core: AppCore
}

/** An app with `fns` and server-declared `states`, and its core. Close the app when done (it stops its sweeper). */
export function benchCore(fns: Record<string, AppFunction>, states: Record<string, StateOptions> = {}, options: AppOptions = {}): BenchCore {
  const app = createApp(options)
  for (const [name, fn] of Object.entries(fns)) app.fn(name, fn)
  for (const [name, state] of Object.entries(states)) app.state(name, state)
  return { app, core: coreOf(app) }
}

const ignore = () => {}

/** Stands for a socket: the session only compares it. */
const SOCKET = {}
/** Stands for the upgrade request, which crossws holds for the socket's life. */
const REQUEST = { headers: new Headers() }

/**
 * Opens a session from a page's hello, decoded from its text as the socket hook decodes it, with
 * two closures of its own as the hook gives it. `send` gets every frame the session sends.
 */
export function openBenchSession(core: AppCore, graph: AppGraph, send: (frame: string) => void = ignore): Session {
  const hello = decode(JSON.stringify({ t: 'hello', v: 1, graph }))
  if (hello.t !== 'hello') throw new Error('not a hello')
  const session = openSession(core, hello.graph, REQUEST, SOCKET, (frame) => send(frame), () => {})
  if (!session) throw new Error('the app is full')
  return session
}

/** Runs event `id` in `session` as the socket hook does (acknowledging `id - 1`), and resolves once its frame has gone. */
export async function runBenchEvent(session: Session, id: number, trigger: string): Promise<void> {
  const msg = decode(JSON.stringify({ t: 'event', id, trigger, values: {}, ...(id > 1 && { ack: id - 1 }) }))
  if (msg.t !== 'event') throw new Error('not an event')
  if (!session.accept(msg.id, msg.ack)) return
  await new Promise<void>((resolve) => session.enqueue((control) => Promise.resolve(runEvent(session, msg, control)).finally(resolve)))
  session.flush() // as the session's queue does after each event
}

function decode(text: string): ClientMessage {
  const msg = decodeClientMessage(text)
  if ('error' in msg) throw new Error(msg.error)
  return msg
}
