import type { EndMessage, ServerMessage, UpdateMessage } from '../protocol.js'

/**
 * A message as the JSON text sent. The messages every event sends (`done`, `end`, an `update` of
 * states) are written from templates: their parts are integers, booleans and strings made JSON
 * one by one, so the text is what JSON.stringify gives the message, at a fraction of its cost.
 * Throws, as JSON.stringify does, for a value that cannot be sent.
 */
export function messageJson(message: ServerMessage): string {
  switch (message.t) {
    case 'done':
      return `{"t":"done","e":${message.e}}`
    case 'end':
      return endJson(message)
    case 'update':
      return updateJson(message)
    default:
      return JSON.stringify(message)
  }
}

/**
 * The UTF-8 size of `text`, the JSON {@link messageJson} wrote for `message`: a message its
 * templates write from ASCII parts (digits, booleans, plain names) is as long in bytes as in
 * characters, and is not counted again.
 */
export function jsonBytes(message: ServerMessage, text: string): number {
  switch (message.t) {
    case 'done':
      return text.length
    case 'end':
      return message.error === undefined ? text.length : Buffer.byteLength(text)
    case 'update': {
      const { values, props, changed, resealed, append } = message
      if (values || props || resealed || append || !changed?.every((name) => PLAIN.test(name))) return Buffer.byteLength(text)
      return text.length
    }
    default:
      return Buffer.byteLength(text)
  }
}

// --- internal ---

function endJson({ e, l, ok, cancelled, error }: EndMessage): string {
  const tail = (cancelled ? ',"cancelled":true' : '') + (error === undefined ? '' : `,"error":${JSON.stringify(error)}`)
  return `{"t":"end","e":${e},"l":${l},"ok":${ok}${tail}}`
}

/**
 * An update that only names the states it changed, or only adds to a streamed reply (and names
 * states), is templated; one with values goes whole through JSON.stringify. The keys come in the
 * order the update was made in (server/run/commit.ts): `append` before `changed`.
 */
function updateJson(update: UpdateMessage): string {
  const { e, l, values, props, changed, resealed, append } = update
  if (values || props || resealed || !(changed || append)) return JSON.stringify(update)
  const head = `{"t":"update","e":${e},"l":${l}`
  const tail = changed ? `,"changed":${namesJson(changed)}}` : '}'
  return append ? `${head},"append":${appendJson(append)}${tail}` : head + tail
}

function appendJson(append: NonNullable<UpdateMessage['append']>): string {
  let json = ''
  for (const name in append) {
    const { path, text } = append[name]!
    let at = ''
    for (const key of path) at = `${at}${at ? ',' : ''}${typeof key === 'number' ? key : JSON.stringify(key)}`
    json = `${json}${json ? ',' : ''}${JSON.stringify(name)}:{"path":[${at}],"text":${JSON.stringify(text)}}`
  }
  return `{${json}}`
}

/** Names JSON writes as they are: quoted without JSON.stringify (a test is cheaper than its call). */
const PLAIN = /^[\w.-]*$/

function namesJson(names: readonly string[]): string {
  let json = ''
  for (const name of names) {
    if (!PLAIN.test(name)) return JSON.stringify(names)
    json = json ? `${json},"${name}"` : `"${name}"`
  }
  return `[${json}]`
}
