import type { ChatFile, ListenerSpec, MultimodalMessage } from '../protocol.js'
import type { AppFunction } from '../core.js'
import type { NameKind } from './graph.js'
import { assertSendable, GError } from './outputs.js'
import { isPromiseLike } from './values.js'

/** One message of a chat's history. */
export interface ChatMessage {
  role: string
  content: unknown
  /** With a `title`, the page shows the message collapsed under it (a tool call, a thought). */
  metadata?: { title?: string; status?: string }
}

/** What a `<g-chat-interface>` asks for, as its value in the event. */
interface ChatAction {
  op: 'send' | 'retry' | 'undo' | 'clear' | 'edit' | 'restore'
  text?: unknown
  index?: unknown
  /** Files attached to the message (a `multimodal` chat): the message is then `{ text, files }`. */
  files?: unknown
}

/**
 * Why a listener cannot be a chat turn, if it cannot. A chat listener (`via: 'chat'`) takes its
 * element's action and that element's own history (`<name>:history`, a session state or a browser
 * state) and gives both back; a browser state reaches it only when it is that history, so no page
 * can hand a chat function any other sealed value.
 */
export function chatProblem(l: ListenerSpec & { fn: string }, kinds: ReadonlyMap<string, NameKind>): string | undefined {
  const [own, history, ...extra] = l.inputs
  const shape = `a chat listener takes its element and '<name>:history' and gives both back`
  if (own === undefined || kinds.get(own) !== 'control' || history !== `${own}:history`) return shape
  const kind = kinds.get(history)
  if (kind !== 'state' && kind !== 'browser') return `'${history}' must be a state: ${shape}`
  if (l.outputs.length !== 2 || l.outputs[0] !== own || l.outputs[1] !== history) return shape
  const browser = extra.find((name) => kinds.get(name) === 'browser')
  if (browser !== undefined) return `'${browser}' is a browser state: the additional inputs of '${l.fn}' cannot include one`
  return undefined
}

/**
 * One turn of a chat: applies the element's action to the history, calls the app's function with
 * `(message, history, ...additional, ctx)` when there is something to answer, and yields the
 * history shown and kept (both outputs) as the reply grows. Each yield is a new array whose
 * unchanged messages are the same objects, so that the update carries only the increment.
 */
export async function* chatTurn(f: AppFunction, args: unknown[]): AsyncGenerator<[ChatMessage[], ChatMessage[] | undefined]> {
  const action = (args[0] ?? {}) as ChatAction
  const history = Array.isArray(args[1]) ? (args[1] as unknown[]).filter(isMessage) : []
  const rest = args.slice(2)
  const lastUser = history.findLastIndex((m) => m.role === 'user')
  let prior: ChatMessage[]
  let message: unknown
  switch (action.op) {
    case 'restore':
      return yield [history, undefined]
    case 'clear':
      return yield [[], []]
    case 'undo': {
      const kept = lastUser < 0 ? history : history.slice(0, lastUser)
      return yield [kept, kept]
    }
    case 'retry':
      if (lastUser < 0) return yield [history, undefined]
      prior = history.slice(0, lastUser)
      message = history[lastUser]!.content
      break
    case 'edit': {
      const index = action.index
      if (typeof index !== 'number' || history[index]?.role !== 'user') throw new GError('Only a message you sent can be edited')
      prior = history.slice(0, index)
      message = messageOf(action)
      break
    }
    case 'send':
      prior = history
      message = messageOf(action)
      break
    default:
      throw new GError('The chat asked for something it cannot do')
  }
  const base = [...prior, { role: 'user', content: message }]
  yield [base, base]
  // The function gets its own copy: the turn's messages are stored as they are, never copied per chunk.
  let result = f(typeof message === 'object' ? structuredClone(message) : message, structuredClone(prior), ...rest)
  if (isPromiseLike(result)) result = await result
  if (!isIterator(result)) {
    const all = [...base, ...replyOf(result)]
    return yield [all, all]
  }
  if (Symbol.asyncIterator in (result as object)) {
    for await (const step of result as AsyncIterable<unknown>) {
      const all = [...base, ...replyOf(step)]
      yield [all, all]
    }
    return
  }
  // A sync generator's steps are taken as they are: `for await` would wrap each one in promises.
  for (const step of result as Iterable<unknown>) {
    const all = [...base, ...replyOf(isPromiseLike(step) ? await step : step)]
    yield [all, all]
  }
}

// --- internal ---

/** The message of a send or an edit: its text; with files (a `multimodal` chat), `{ text, files }`. */
function messageOf(action: ChatAction): string | MultimodalMessage {
  if (action.files === undefined) return text(action.text)
  if (!Array.isArray(action.files) || !action.files.every(isFile)) throw new GError('The files of the message are not { name, type, size, url } with a data: URL')
  if (!action.files.length) return { text: text(action.text), files: [] }
  if (typeof action.text !== 'string') throw new GError('The message is empty')
  const files = action.files.map(({ name, type, size, url }) => ({ name, type, size, url }))
  return { text: action.text, files }
}

function text(value: unknown): string {
  if (typeof value !== 'string' || !value.trim()) throw new GError('The message is empty')
  return value
}

function isFile(value: unknown): value is ChatFile {
  const file = value as ChatFile | null
  return typeof file === 'object' && file !== null && typeof file.name === 'string' && typeof file.type === 'string' &&
    Number.isSafeInteger(file.size) && file.size >= 0 && typeof file.url === 'string' && file.url.startsWith('data:')
}

/** A reply as messages: a string, a message, or a list of either. */
function replyOf(value: unknown): ChatMessage[] {
  if (value == null) return []
  if (Array.isArray(value)) return value.flatMap((item) => replyOf(item))
  if (typeof value === 'string') return [{ role: 'assistant', content: value }]
  if (isMessage(value)) {
    if (typeof value.content !== 'string') assertSendable(value.content, 'a chat message', 'the chat function')
    const content = typeof value.content === 'object' && value.content !== null ? structuredClone(value.content) : value.content
    const message: ChatMessage = { role: value.role, content }
    if (value.metadata && typeof value.metadata === 'object') message.metadata = structuredClone(value.metadata)
    return [message]
  }
  throw new GError(`a chat function replies with a string or { role, content } messages, not ${typeof value}`)
}

function isMessage(value: unknown): value is ChatMessage {
  return typeof value === 'object' && value !== null && typeof (value as ChatMessage).role === 'string' && 'content' in value
}



function isIterator(value: unknown): boolean {
  return typeof value === 'object' && value !== null && typeof (value as Iterator<unknown>).next === 'function' && typeof (value as { [Symbol.iterator]?: unknown })[Symbol.iterator] === 'function' || (typeof value === 'object' && value !== null && Symbol.asyncIterator in value)
}
