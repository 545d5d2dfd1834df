import { fileURLToPath } from 'node:url'
import { createApp, type FnContext } from 'g-kit/server'

/**
 * A streaming echo bot in a `<g-chat-interface>`: it answers word by word, its history kept by
 * the element (in session state; in sealed browser state with `persist`). Stop keeps what
 * arrived; likes reach `liked`. A `multimodal` chat's messages come with files: `files_received`
 * says which.
 */
export const app = createApp({ static: fileURLToPath(new URL('.', import.meta.url)) })

/** Milliseconds between words; the tests make it slow enough to press Stop. */
const pause = Number(process.env.CHAT_PAUSE_MS ?? 40)

app.fn('echo', async function* (message: string, history: unknown[], ctx: FnContext) {
  const words = `You said: ${message} (message ${history.length / 2 + 1})`.split(' ')
  let reply = ''
  for (const word of words) {
    reply += (reply ? ' ' : '') + word
    yield reply
    await new Promise((resolve) => setTimeout(resolve, pause))
    if (ctx.signal.aborted) return
  }
})

app.fn('liked', (ctx: FnContext) => {
  const { index, liked } = (ctx.event.value ?? {}) as { index?: unknown; liked?: unknown }
  if (typeof index !== 'number') return undefined
  return `${liked === true ? 'Liked' : 'Disliked'} message ${index + 1}`
})

interface Received {
  text: string
  files: Array<{ name: string; type: string; size: number; url: string }>
}

app.fn('files_received', (message: Received) => {
  const files = message.files.map((file) => `**${file.name}** (${file.type || 'unknown type'}, ${file.size} bytes)`)
  return `${files.length ? `Received ${files.join(', ')}` : 'No files'}${message.text ? `, with the text “${message.text}”` : ''}.`
})
