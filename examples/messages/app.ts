import { fileURLToPath } from 'node:url'
import { createApp } from 'g-kit/server'

/**
 * "Store message" (the seed's Interface with a state): each submit shows the current message and
 * the earlier ones, newest first. The history is session state: the function appends to the list
 * it was given and returns it, which counts as a change.
 */
export const app = createApp({ static: fileURLToPath(new URL('.', import.meta.url)) })

app.fn('store_message', (message: string, history: string[]) => {
  const output = { 'Current messages': message, 'Previous messages': [...history].reverse() }
  history.push(message)
  return [output, history]
})
